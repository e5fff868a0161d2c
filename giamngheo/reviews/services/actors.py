"""Who may take each step of a review (Decision 24/2021): the province plans, the commune's officer runs the
commune's steps, collaborators and officers survey, and only the commune chairman signs. Every reviews service
checks its actor here; an actor of None is the system itself (commands, the monthly opener)."""

from django.core.exceptions import ValidationError

from giamngheo.accounts.access import can_plan_campaigns, can_run_review, can_sign_decisions, can_survey, scope_of
from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit
from giamngheo.reviews.models import ReviewItem


def check_planner(actor: User | None, province: AdminUnit) -> None:
    if actor is None:
        return  # the system itself (the monthly opener)
    scope = scope_of(actor)
    if not can_plan_campaigns(actor) or not (scope.national or scope.province_id == province.pk):
        raise ValidationError("Chỉ cán bộ tỉnh (hoặc quản trị quốc gia) lập kế hoạch rà soát của tỉnh mình.")


def check_commune_officer(actor: User | None, commune_id: int) -> None:
    if actor is None:
        return
    scope = scope_of(actor)
    if not can_run_review(actor) or not (scope.national or scope.commune_id == commune_id):
        raise ValidationError("Chỉ cán bộ giảm nghèo của xã thực hiện bước này.")


def check_surveyor(actor: User | None, item: ReviewItem) -> None:
    if actor is None:
        return
    scope = scope_of(actor)
    inside = scope.national or scope.commune_id == item.commune_id or scope.village_id == item.village_id
    if not can_survey(actor) or not inside:
        raise ValidationError("Chỉ cộng tác viên của thôn này hoặc cán bộ xã được rà soát hộ này.")


def check_signer(actor: User, commune_id: int) -> None:
    scope = scope_of(actor)
    if not can_sign_decisions(actor) or scope.commune_id != commune_id:
        raise ValidationError("Chỉ Chủ tịch UBND xã ký quyết định công nhận và giấy chứng nhận của xã mình.")
