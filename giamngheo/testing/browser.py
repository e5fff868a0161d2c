"""What the browser tests measure in a page: accessibility (axe-core), nothing past a phone's right edge, tap
targets of at least 44×44 CSS px, drop-downs wide enough for their text. Each function returns the faults as
readable lines (empty when there are none), so a failing test says what to fix and where."""

from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

from giamngheo.testing.factories import PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"  # package.json, devDependencies
BLOCKING = ("serious", "critical")
# WCAG 2.2 SC 2.5.5 (Target Size, enhanced): at least 44 by 44 CSS pixels, give or take sub-pixel rounding.
TARGET = 44
SLACK = 0.05

# A short name for an element in a failure message: its tag, id, classes and the start of its text.
_DESCRIBE = """
const describe = (el) => {
  const id = el.id ? '#' + el.id : '';
  const classes = [...el.classList].slice(0, 3).map((c) => '.' + c).join('');
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ');
  return `<${el.tagName.toLowerCase()}${id}${classes}> "${text.slice(0, 40)}"`;
};
// Shown to nobody: not rendered, or inside an element hidden the visually-hidden way (1 px, clipped).
const unseen = (el) => {
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') return true;
  return !!el.closest('.visually-hidden, .visually-hidden-focusable:not(:focus):not(:focus-within)');
};
"""


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)


def axe_violations(page: Page) -> list[str]:
    """The serious and critical violations axe-core finds in the page as it is, one line per rule and element:
    rule id, impact, the element's CSS path, axe's help, what is wrong (the colours and their contrast, say) and
    the rule's page. axe-core must be in the page (the context's init script, see AXE); every rule axe runs by
    default is run, none is switched off."""
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))} — {v['help']}. {_why(node)} <{v['helpUrl']}>"
        for v in violations
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def _why(node: dict[str, Any]) -> str:
    """axe's own words on what is wrong with this element: its failure summary without the "Fix …" headings."""
    lines = (node.get("failureSummary") or "").splitlines()
    return " ".join(line.strip() for line in lines if line.strip() and not line.startswith("Fix "))


def overflowing(page: Page) -> list[str]:
    """The outermost elements whose right edge lies past the viewport's (so the page scrolls sideways, or they sit
    in a box scrolled sideways), and the page's own width when it is wider than the viewport."""
    page.evaluate("window.scrollTo(0, 0)")
    return page.evaluate(
        "() => {"
        + _DESCRIBE
        + """
        const limit = document.documentElement.clientWidth;
        const past = new Set([...document.body.querySelectorAll('*')]
          .filter((el) => !unseen(el) && el.getBoundingClientRect().right > limit + 0.5));
        // The outermost ones: what is inside an element that runs off the screen runs off with it.
        const faults = [...past].filter((el) => !past.has(el.parentElement))
          .map((el) => `${describe(el)} ends at x=${Math.round(el.getBoundingClientRect().right)} > ${limit}`);
        const width = document.documentElement.scrollWidth;
        return (width > limit ? [`the page is ${width} px wide in a ${limit} px viewport`] : []).concat(faults);
        }"""
    )


def small_targets(page: Page, scope: str = "body") -> list[str]:
    """Links, buttons, form controls and summaries under `scope` whose target is smaller than 44×44 CSS px. A check
    box's or radio button's target is its label when the label covers it (a tap on the label ticks it); a link
    within a sentence is exempt, as the criterion exempts it."""
    return page.evaluate(
        "([scope, target, slack]) => {"
        + _DESCRIBE
        + """
          const controls = document.querySelectorAll(
            `${scope} :is(a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button])`);
          const area = (el) => {
            const box = el.getBoundingClientRect();
            if (!['checkbox', 'radio'].includes(el.type)) return box;
            const x = box.left + box.width / 2, y = box.top + box.height / 2;
            const label = [...(el.labels || [])].map((l) => l.getBoundingClientRect())
              .find((l) => l.left <= x && x <= l.right && l.top <= y && y <= l.bottom);
            return label || box;
          };
          // The criterion's "inline" exception: a link within a sentence is as tall as the sentence's lines.
          const inSentence = (el) => el.tagName === 'A' && getComputedStyle(el).display === 'inline'
            && [...el.parentElement.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
          return [...controls].filter((el) => !unseen(el) && !inSentence(el)).flatMap((el) => {
            const box = area(el);
            return box.width + slack >= target && box.height + slack >= target ? []
              : [`${describe(el)} is ${box.width.toFixed(1)}×${box.height.toFixed(1)} px`];
          });
        }
        """,
        [scope, TARGET, SLACK],
    )


def truncated_selects(page: Page, selector: str) -> list[str]:
    """Drop-downs matching `selector` too narrow to show the text of their chosen option or of their longest one
    (text width, measured in the drop-down's own font, plus its padding and borders, which hold the arrow)."""
    return page.evaluate(
        "(selector) => {"
        + _DESCRIBE
        + """
          const context = document.createElement('canvas').getContext('2d');
          return [...document.querySelectorAll(selector)].filter((el) => !unseen(el)).flatMap((select) => {
            const style = getComputedStyle(select);
            context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const chrome = ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth']
              .reduce((sum, side) => sum + parseFloat(style[side]), 0);
            const width = select.getBoundingClientRect().width;
            const needed = Math.max(...[...select.options].map((o) => context.measureText(o.text).width)) + chrome;
            return width + 0.5 >= needed ? []
              : [`${describe(select)} is ${width.toFixed(0)} px wide; its text needs ${needed.toFixed(0)} px`];
          });
        }
        """,
        selector,
    )
