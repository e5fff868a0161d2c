"""What the commune chairman's signature needs, whether on a decision (Mẫu 02) or on a written refusal: the right
signer, a posting period that is over, and no complaint left to re-check (Decision 24/2021 Art. 4 cl. 2(d)–(đ), Art. 5).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max

from giamngheo.reviews.models import Campaign, Complaint, Posting
from giamngheo.reviews.services.calendar import check_not_after_today, check_signing_after_rechecks


def check_posting_over(campaign: Campaign, commune_id: int, day: datetime.date, item_ids: list[int]) -> None:
    """Decision 24/2021 Art. 4 cl. 2(d)–(đ) and Art. 5: the chairman decides (or answers in writing) only after the
    results were posted publicly and the posting period is over, and after every complaint was re-checked. The
    signing date is real: not after today (else a date after the posting would get round the posting)."""
    check_not_after_today(day, "ký")
    postings = Posting.objects.filter(campaign=campaign, commune_id=commune_id)
    last_end = postings.aggregate(end=Max("ends_on"))["end"]
    if last_end is None:
        raise ValidationError("Chưa niêm yết công khai kết quả rà soát.")
    if day <= last_end:
        raise ValidationError(f"Chỉ ký sau khi hết thời gian niêm yết (đến hết ngày {last_end:%d/%m/%Y}).")
    open_complaints = Complaint.objects.filter(item_id__in=item_ids, recheck_on__isnull=True).select_related(
        "item__household"
    )
    if open_complaints:
        codes = ", ".join(c.item.household.code for c in open_complaints)
        raise ValidationError(f"Còn khiếu nại chưa phúc tra: {codes}.")
    check_signing_after_rechecks(item_ids, day)
