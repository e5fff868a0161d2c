"""The public posting list ("Danh sách niêm yết công khai"): what the village and the commune see of the results."""

from giamngheo.common.formats import date_vi
from giamngheo.common.pdf import render_pdf
from giamngheo.registry.models import Status
from giamngheo.reviews.documents.rendering import TEMPLATES, campaign_label, head_name, heading
from giamngheo.reviews.models import Posting, PostingLine


def _result_label(before: str, after: str) -> str:
    """What the posting list says of a household: its new category, or that it escaped, as the lists of Mẫu 02
    will say it."""
    if after == Status.POOR:
        return "Hộ nghèo"
    if after == Status.NEAR_POOR:
        return "Thoát nghèo, là hộ cận nghèo" if before == Status.POOR else "Hộ cận nghèo"
    if after == Status.NOT_POOR:
        if before == Status.POOR:
            return "Thoát nghèo"
        if before == Status.NEAR_POOR:
            return "Thoát cận nghèo"
        return "Không nghèo"
    return ""


def _posting_lines(posting: Posting) -> list[PostingLine]:
    """The households the posting showed, with the results as they stood that day."""
    return list(posting.lines.select_related("item__household__head", "item__village"))


def posting_list_pdf(posting: Posting) -> bytes:
    """ "Danh sách niêm yết công khai": the head's name, the village and the result, nothing more. A public notice
    carries no citizen ID, income, score or deprivation (personal data the posting does not need)."""
    commune = posting.commune
    place = f"{posting.village}, {commune.name}" if posting.village is not None else f"Ủy ban nhân dân {commune.name}"
    rows = [
        {
            "head": head_name(line.item.household),
            "village": str(line.item.village),
            "result": _result_label(line.status_before, line.proposed_status),
        }
        for line in _posting_lines(posting)
    ]
    context = {
        "heading": heading(commune, day=posting.starts_on),
        "campaign_label": campaign_label(posting.campaign),
        "place": place,
        "commune_name": commune.name,
        "starts_on": date_vi(posting.starts_on),
        "ends_on": date_vi(posting.ends_on),
        "rows": rows,
        "signers": [
            {"recipients": ["Niêm yết tại " + place + ";", "Lưu: Ban Chỉ đạo rà soát xã."]},
            {"prefix": "TM. BAN CHỈ ĐẠO RÀ SOÁT", "title": "TRƯỞNG BAN", "name": ""},
        ],
    }
    return render_pdf(f"{TEMPLATES}/posting_list.html", context)
