"""Who may see and change what. The area scope of a user, read once, applied by every selector.

Nothing outside these functions and `registry.selectors` filters by area: one place to review, one place to fix.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from giamngheo.accounts.models import AuditEntry, Role, User
from giamngheo.areas.models import AdminUnit, Era, Level

# Roles that change the household register; everyone else reads.
REGISTER_EDITORS = {Role.NATIONAL_ADMIN, Role.COMMUNE_OFFICER, Role.VILLAGE_COLLABORATOR}
# Roles that manage villages and import files for their commune.
COMMUNE_MANAGERS = {Role.NATIONAL_ADMIN, Role.COMMUNE_OFFICER}
# The level of area each role works at (None = the whole country). An area of another level gives no access.
AREA_LEVELS: dict[Role, tuple[str | None, ...]] = {
    Role.NATIONAL_ADMIN: (None,),
    Role.PROVINCE_OFFICER: (Level.PROVINCE,),
    Role.COMMUNE_OFFICER: (Level.COMMUNE,),
    Role.COMMUNE_CHAIRMAN: (Level.COMMUNE,),
    Role.VILLAGE_COLLABORATOR: (Level.COMMUNE,),
    Role.VIEWER: (None, Level.PROVINCE, Level.COMMUNE),
    Role.AUDITOR: (None, Level.PROVINCE, Level.COMMUNE),
    Role.AGENCY_OFFICER: (Level.PROVINCE,),
}
# The review procedure (Decision 24/2021): who plans, who surveys, who runs the commune steps, who signs.
CAMPAIGN_PLANNERS = {Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER}
SURVEYORS = {Role.NATIONAL_ADMIN, Role.COMMUNE_OFFICER, Role.VILLAGE_COLLABORATOR}
REVIEW_RUNNERS = {Role.NATIONAL_ADMIN, Role.COMMUNE_OFFICER}
# Only the commune People's Committee chairman decides recognition and signs certificates (spec §4.1).
DECISION_SIGNERS = {Role.COMMUNE_CHAIRMAN}
AUDIT_READERS = {Role.NATIONAL_ADMIN, Role.AUDITOR, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN}


@dataclass(frozen=True)
class Scope:
    """The area a user works in. Exactly one of the four levels applies; `nothing` denies everything."""

    national: bool = False
    province_id: int | None = None
    commune_id: int | None = None
    village_id: int | None = None
    nothing: bool = False


def scope_of(user: User | AnonymousUser) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope(nothing=True)
    assert isinstance(user, User)
    area = user.area
    level = area.level if area is not None else None
    if level not in AREA_LEVELS.get(Role(user.role), ()) or (area is not None and area.era != Era.CURRENT):
        # A role given an area of the wrong level (a commune officer with a province) sees nothing, never more.
        return Scope(nothing=True)
    if user.role == Role.VILLAGE_COLLABORATOR:
        # A collaborator without a village of their commune enters nothing: safer than falling back to the commune.
        village = user.village
        ok = village is not None and area is not None and village.commune_id == area.pk
        return Scope(village_id=user.village_id) if ok else Scope(nothing=True)
    if area is None:
        # The whole country: national administrators, and viewers or auditors explicitly given national access.
        national = user.role == Role.NATIONAL_ADMIN or user.national_access
        return Scope(national=True) if national else Scope(nothing=True)
    if user.role == Role.AGENCY_OFFICER:
        # An agency officer works for an active agency of their own province, or sees nothing.
        agency = user.agency
        if agency is None or not agency.is_active or area is None or agency.province_id != area.pk:
            return Scope(nothing=True)
    if level == Level.PROVINCE:
        return Scope(province_id=area.pk)
    return Scope(commune_id=area.pk)


def can_edit_register(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and getattr(user, "role", None) in REGISTER_EDITORS and not scope_of(user).nothing


def can_manage_commune(user: User | AnonymousUser) -> bool:
    """Create and rename villages, import household files: the commune officer's work."""
    return user.is_authenticated and getattr(user, "role", None) in COMMUNE_MANAGERS and not scope_of(user).nothing


def can_load_proxy_tables(user: User | AnonymousUser) -> bool:
    """B1 point tables apply to the whole country: national administrators only."""
    return user.is_authenticated and getattr(user, "role", None) == Role.NATIONAL_ADMIN and not scope_of(user).nothing


def _has_role(user: User | AnonymousUser, roles: set[Role]) -> bool:
    return user.is_authenticated and getattr(user, "role", None) in roles and not scope_of(user).nothing


def can_plan_campaigns(user: User | AnonymousUser) -> bool:
    return _has_role(user, CAMPAIGN_PLANNERS)


def can_survey(user: User | AnonymousUser) -> bool:
    return _has_role(user, SURVEYORS)


def can_run_review(user: User | AnonymousUser) -> bool:
    """Listing, applications, village meetings, posting and complaints: the commune's poverty-reduction officer."""
    return _has_role(user, REVIEW_RUNNERS)


def can_sign_decisions(user: User | AnonymousUser) -> bool:
    return _has_role(user, DECISION_SIGNERS)


def import_commune_of(user: User | AnonymousUser) -> AdminUnit | None:
    """The commune a user imports household files for on the web page: a commune officer's own, else none."""
    scope = scope_of(user)
    if not can_manage_commune(user) or not scope.commune_id:
        return None
    assert isinstance(user, User)
    return user.area


def can_read_audit(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and getattr(user, "role", None) in AUDIT_READERS


def audit_entries_visible_to(user: User | AnonymousUser) -> "QuerySet[AuditEntry]":
    """Audit entries of the communes in the user's area (AuditEntry keeps commune_id, not a foreign key)."""
    from giamngheo.areas.models import AdminUnit

    scope = scope_of(user)
    entries = AuditEntry.objects.all()
    if not can_read_audit(user) or scope.nothing:
        return entries.none()
    if scope.national:
        return entries
    if scope.province_id:
        communes = AdminUnit.objects.filter(province_id=scope.province_id).values("pk")
        return entries.filter(commune_id__in=communes)
    if scope.commune_id:
        return entries.filter(commune_id=scope.commune_id)
    return entries.none()


def audit_entries_for_household(*, user: User | AnonymousUser, household_id: int) -> "QuerySet[AuditEntry] | None":
    """The household's audit trail for its page, or None for users who may not read it.

    The caller obtained the household through households_visible_to, so its entries are inside the user's area.
    """
    if not (can_read_audit(user) or can_edit_register(user)):
        return None
    return AuditEntry.objects.filter(household_id=household_id).select_related("actor")
