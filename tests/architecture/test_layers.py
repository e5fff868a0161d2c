"""The house's shape, checked: apps import only downwards in the layer order that docs/architecture.md declares,
views never read the area scope themselves, production code never imports the test scaffolding, and no module
outgrows ~500 lines."""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "giamngheo"
MAX_LINES = 500


def declared_layers(architecture: Path = ROOT / "docs" / "architecture.md") -> list[str]:
    """The order written at the top of docs/architecture.md, lowest first: `Layers: common → areas → …`."""
    match = re.search(r"^Layers: `([^`]+)`", architecture.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert match, "docs/architecture.md must declare the order as a line `Layers: `common → … → demo``"
    return [name.strip() for name in match.group(1).split("→")]


@dataclass(frozen=True)
class Import:
    path: Path  # the importing module
    line: int
    module: str  # the module imported, absolute


def production_modules(package: Path) -> list[Path]:
    """Every module of the apps, functions and all; tests and migrations are left out."""
    return sorted(
        path for path in package.rglob("*.py") if not {"tests", "migrations"} & set(path.relative_to(package).parts)
    )


def imports_of(path: Path, package: Path) -> list[Import]:
    """Every import the module makes, wherever it stands: at the top, inside a function, under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = [package.name, *path.relative_to(package).with_suffix("").parts]
    if here[-1] == "__init__":
        here.pop()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against the module's own package
                base = here[: len(here) - node.level + (1 if path.name == "__init__.py" else 0)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.append(Import(path, node.lineno, module))
    return found


def app_of(module: str, package: Path) -> str | None:
    parts = module.split(".")
    if parts[0] != package.name or len(parts) < 2:
        return None
    return parts[1]


def upward_imports(package: Path, layers: list[str]) -> list[str]:
    """Each import of a higher app by a lower one, as "path:line app → higher app (module)"."""
    rank = {name: index for index, name in enumerate(layers)}
    wrong = []
    for path in production_modules(package):
        app = path.relative_to(package).parts[0]
        if app not in rank:
            continue
        for found in imports_of(path, package):
            target = app_of(found.module, package)
            if target in rank and rank[target] > rank[app]:
                wrong.append(f"{path.relative_to(package.parent)}:{found.line} {app} → {target} ({found.module})")
    return wrong


def apps_of(package: Path) -> set[str]:
    return {path.parent.name for path in package.glob("*/apps.py")}


# ---------------------------------------------------------------- the rules


def test_every_app_has_its_place_in_the_declared_order():
    layers = declared_layers()
    assert len(layers) == len(set(layers))
    assert apps_of(PACKAGE) == set(layers), "add a new app to the Layers line of docs/architecture.md"


def test_no_app_imports_an_app_above_it():
    assert upward_imports(PACKAGE, declared_layers()) == []


def test_production_code_never_imports_the_test_scaffolding():
    wrong = [
        f"{found.path.relative_to(ROOT)}:{found.line}"
        for path in production_modules(PACKAGE)
        if path.relative_to(PACKAGE).parts[0] != "testing"
        for found in imports_of(path, PACKAGE)
        if app_of(found.module, PACKAGE) == "testing" or ".tests" in found.module
    ]
    assert wrong == []


def test_tests_never_import_other_tests_modules():
    """Shared fixtures live in conftest.py, shared helpers in giamngheo/testing/; a test module is nobody's library."""
    test_modules = [(path, PACKAGE) for path in PACKAGE.rglob("tests/*.py")]
    test_modules += [(path, ROOT / "tests") for path in (ROOT / "tests").rglob("*.py")]
    wrong = [
        f"{path.relative_to(ROOT)}:{found.line} {found.module}"
        for path, package in test_modules
        for found in imports_of(path, package)
        if re.search(r"(^|\.)(test_\w+|conftest)$", found.module)
    ]
    assert wrong == []


def test_views_never_read_the_area_scope_themselves():
    """Views reach records through the selectors (`*_visible_to`, `*_get_for_user`) and ask the `can_*`
    predicates; the scope itself is read by the access ladder and the services only."""
    views = [path for path in production_modules(PACKAGE) if path.stem == "views" or path.parent.name == "views"]
    assert views
    wrong = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in views
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Name) and node.id == "scope_of")
        or (isinstance(node, ast.alias) and node.name == "scope_of")
    ]
    assert wrong == []


def test_every_visible_to_selector_is_built_on_the_scope_filter():
    """A `*_visible_to` selector says how its rows reach each level (Scope.filter); it never reads the scope's levels
    itself, where a forgotten level would widen what a user sees."""
    levels = {"nothing", "national", "province_id", "commune_id", "village_id"}

    def reads_levels(node: ast.AST) -> bool:
        return any(
            isinstance(inner, ast.Attribute)
            and inner.attr in levels
            and (
                (isinstance(inner.value, ast.Name) and inner.value.id == "scope")
                or (isinstance(inner.value, ast.Call) and getattr(inner.value.func, "id", "") == "scope_of")
            )
            for inner in ast.walk(node)
        )

    selectors = [
        (path, node)
        for path in production_modules(PACKAGE)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_visible_to")
    ]
    assert len(selectors) > 10
    assert [f"{path.relative_to(ROOT)}:{node.name}" for path, node in selectors if reads_levels(node)] == []


def test_every_can_predicate_lives_in_the_access_ladder():
    """Who may do what is answered in one module, accounts/access.py (template filters only pass its answers on)."""
    ladder = PACKAGE / "accounts" / "access.py"
    wrong = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
        for path in production_modules(PACKAGE)
        if path != ladder and "templatetags" not in path.parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef) and node.name.startswith("can_")
    ]
    assert wrong == []


def test_no_module_outgrows_five_hundred_lines():
    modules = [path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts]
    long = [
        f"{path.relative_to(ROOT)} ({n})" for path in modules if (n := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert long == []


# ---------------------------------------------------------------- the rules' own test


@pytest.fixture
def tree(tmp_path):
    """A package of three apps in the order low → mid → high."""
    package = tmp_path / "giamngheo"
    for app in ("low", "mid", "high"):
        (package / app).mkdir(parents=True)
        (package / app / "__init__.py").write_text("")
        (package / app / "apps.py").write_text("")
    (package / "mid" / "tests").mkdir()
    return package


def test_the_layer_rule_finds_an_upward_import_wherever_it_hides(tree):
    layers = ["low", "mid", "high"]
    (tree / "mid" / "services.py").write_text("from giamngheo.low import apps\n")
    (tree / "high" / "views.py").write_text("import giamngheo.mid.services\n")
    assert upward_imports(tree, layers) == []

    (tree / "low" / "models.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from giamngheo.high import views\n"
        "def later():\n"
        "    import giamngheo.mid.services\n"
    )
    (tree / "mid" / "selectors.py").write_text("from ..high import views\n")
    (tree / "mid" / "tests" / "test_x.py").write_text("from giamngheo.high import views\n")  # tests may
    assert upward_imports(tree, layers) == [
        "giamngheo/low/models.py:3 low → high (giamngheo.high)",
        "giamngheo/low/models.py:5 low → mid (giamngheo.mid.services)",
        "giamngheo/mid/selectors.py:1 mid → high (giamngheo.high)",
    ]


def test_the_declared_order_is_read_from_the_architecture_document(tmp_path):
    doc = tmp_path / "architecture.md"
    doc.write_text("# Architecture\n\nLayers: `common → areas → demo`\n")
    assert declared_layers(doc) == ["common", "areas", "demo"]
