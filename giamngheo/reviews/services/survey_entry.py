"""A form as the survey page sends it: saved, and submitted when the surveyor presses "Nộp", in one unit of work.

Saving and submitting are separate services (surveys.py) because each has its own checks and audit entry; the page
offers both behind one button, so a refused submission must leave the draft as it was. Otherwise the version the page
holds would no longer be the one to save against, and the next save would be refused as someone else's edit.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from giamngheo.accounts.models import User
from giamngheo.reviews.models import ReviewItem, Survey
from giamngheo.reviews.services.actors import check_surveyor
from giamngheo.reviews.services.surveys import survey_save, survey_submit


@transaction.atomic
def survey_enter(
    *,
    actor: User | None,
    item: ReviewItem,
    form: str,
    answers: Mapping[str, Any],
    version: int,
    submit: bool,
    as_of: datetime.date,
) -> Survey:
    """Save the form's answers against `version` (0 for a new form) and, if `submit`, submit the saved form too:
    both or neither. Returns the form as it stands afterwards."""
    check_surveyor(actor, item)
    saved, _score = survey_save(actor=actor, item=item, form=form, answers=answers, version=version, as_of=as_of)
    if not submit:
        return saved
    return survey_submit(actor=actor, item=item, form=form, version=saved.version, as_of=as_of)
