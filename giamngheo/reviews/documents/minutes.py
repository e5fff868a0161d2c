"""The village meeting's minutes ("Biên bản họp dân", Decision 24/2021 Art. 4 cl. 2(c))."""

from giamngheo.common.formats import date_vi, number_vi
from giamngheo.common.pdf import render_pdf
from giamngheo.reviews.documents.rendering import TEMPLATES, campaign_label, head_name, heading, percent
from giamngheo.reviews.models import VillageMeeting
from giamngheo.reviews.procedure import procedure_in_force

MINUTES_COPIES = ("Bản số 1: lưu tại thôn", "Bản số 2: gửi Ban Chỉ đạo rà soát xã")


def minutes_pdf(meeting: VillageMeeting) -> bytes:
    """ "Biên bản họp dân" in two copies, each from a new page: one stays in the village, one goes to the commune's
    steering committee (Decision 24/2021 Art. 4 cl. 2(c))."""
    village = meeting.village
    commune = village.commune
    share = procedure_in_force(meeting.held_on).agreement_share
    votes = []
    for vote in meeting.votes.select_related("item__household__head").order_by("item__household__code"):
        votes.append(
            {
                "code": vote.item.household.code,
                "head": head_name(vote.item.household),
                "proposed": vote.get_proposed_status_display(),
                "agreeing": number_vi(vote.agreeing),
                "share": percent(vote.agreeing / meeting.attendees, 1),
                "agreed": "Có" if vote.agreed else "Không",
                "is_agreed": vote.agreed,
            }
        )
    agreed = sum(1 for v in votes if v["is_agreed"])
    context = {
        "meeting": meeting,
        "copies": MINUTES_COPIES,
        "heading": heading(
            commune, parent=f"UBND {commune.name.upper()}", authority=[str(village).upper()], day=meeting.held_on
        ),
        "campaign_label": campaign_label(meeting.campaign),
        "village": str(village),
        "commune_full": commune.full_name(),
        "held_on": date_vi(meeting.held_on),
        "attendees": number_vi(meeting.attendees),
        "share": percent(share.value),
        "share_reference": share.reference,
        "votes": votes,
        "agreed_count": agreed,
        "resurvey_count": len(votes) - agreed,
        "signers": [
            {"title": "THƯ KÝ", "name": meeting.secretary},
            {"title": "ĐẠI DIỆN HỘ GIA ĐÌNH", "name": ""},
            {"title": "CHỦ TRÌ (TRƯỞNG THÔN)", "name": meeting.chair},
        ],
    }
    return render_pdf(f"{TEMPLATES}/minutes.html", context)
