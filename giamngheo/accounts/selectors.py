"""Who may see and change what: the access ladder.

A user's area scope is read once (`scope_of`) and applied to any query by `Scope.filter`, which every
`*_visible_to` selector of every app is built on; `Scope.covers` answers the same question for one record. Nothing
else filters by area: one place to review, one place to fix.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

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


M = TypeVar("M", bound=Model)
# How the rows of a query reach a unit: a lookup compared with its id, or a function of the id giving the condition.
Lookup = str | Callable[[int], Q]


@dataclass(frozen=True)
class Scope:
    """The area a user works in. Exactly one of the four levels applies; `nothing` denies everything."""

    national: bool = False
    province_id: int | None = None
    commune_id: int | None = None
    village_id: int | None = None
    nothing: bool = False

    def filter(
        self,
        queryset: "QuerySet[M]",
        *,
        province: Lookup | None = None,
        commune: Lookup | None = None,
        village: Lookup | None = None,
    ) -> "QuerySet[M]":
        """The rows of `queryset` inside this scope. Each keyword says how a row reaches the unit of that level: a
        lookup (`commune="commune"`, `province="commune__province"`, `village="pk"`) compared with the unit's id,
        or a function of the id giving the condition. A level the rows cannot reach (no keyword) gives nothing:
        never more than the scope."""
        if self.nothing:
            return queryset.none()
        if self.national:
            return queryset
        for path, unit_id in ((province, self.province_id), (commune, self.commune_id), (village, self.village_id)):
            if unit_id is not None:
                if path is None:
                    return queryset.none()
                return queryset.filter(path(unit_id) if callable(path) else Q(**{path: unit_id}))
        return queryset.none()

    def covers(self, *, commune: AdminUnit, village_id: int | None = None) -> bool:
        """Whether a record of that commune (and village) is inside this scope."""
        if self.nothing:
            return False
        if self.national:
            return True
        if self.province_id is not None:
            return commune.province_id == self.province_id
        if self.commune_id is not None:
            return commune.pk == self.commune_id
        return village_id is not None and village_id == self.village_id


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


def managed_commune_of(user: User | AnonymousUser) -> AdminUnit | None:
    """The commune whose villages a user keeps and whose household files they import on the web pages: a commune
    officer's own, else none (the command serves national imports)."""
    if not can_manage_commune(user) or not scope_of(user).commune_id:
        return None
    assert isinstance(user, User)
    return user.area


def home_commune_id(user: User | AnonymousUser) -> int | None:
    """The commune a user works in — a commune's officers, or a collaborator's village's commune — else None (a
    province's or the country's users work above any one commune)."""
    scope = scope_of(user)
    if scope.commune_id is not None:
        return scope.commune_id
    if scope.village_id is not None:
        assert isinstance(user, User)
        return user.area_id  # a collaborator's area is the commune of their village (scope_of checks it)
    return None


def home_province_id(user: User | AnonymousUser) -> int | None:
    """The province a province's users (officers, agencies, viewers, auditors) work in, else None."""
    return scope_of(user).province_id


def is_national(user: User | AnonymousUser) -> bool:
    """Whether the user works over the whole country."""
    return scope_of(user).national


def can_receive_applications(user: User | AnonymousUser) -> bool:
    """Requests (Mẫu 01, 04) are received by the commune that runs the review, on its own page."""
    return can_run_review(user) and scope_of(user).commune_id is not None


def can_read_audit(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and getattr(user, "role", None) in AUDIT_READERS


def audit_entries_visible_to(user: User | AnonymousUser) -> "QuerySet[AuditEntry]":
    """Audit entries of the communes in the user's area (AuditEntry keeps commune_id, not a foreign key)."""
    entries = AuditEntry.objects.all()
    if not can_read_audit(user):
        return entries.none()
    return scope_of(user).filter(
        entries,
        province=lambda pk: Q(commune_id__in=AdminUnit.objects.filter(province_id=pk).values("pk")),
        commune="commune_id",
    )


def audit_entries_for_household(*, user: User | AnonymousUser, household_id: int) -> "QuerySet[AuditEntry] | None":
    """The household's audit trail for its page, or None for users who may not read it.

    The caller obtained the household through households_visible_to, so its entries are inside the user's area.
    """
    if not (can_read_audit(user) or can_edit_register(user)):
        return None
    return AuditEntry.objects.filter(household_id=household_id).select_related("actor")
