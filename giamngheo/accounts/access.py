"""Who may see and change what: the access ladder, and every `can_*` question of the project.

A user's area scope is read once (`scope_of`) and applied to any query by `Scope.filter`, which every
`*_visible_to` selector of every app is built on; `Scope.covers` answers the same question for one record. Nothing
else filters by area: one place to review, one place to fix.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from giamngheo.accounts.models import AREA_LEVELS, Agency, Role, User
from giamngheo.areas.models import AdminUnit, Era, Level

# Roles that change the household register; everyone else reads.
REGISTER_EDITORS = {Role.NATIONAL_ADMIN, Role.COMMUNE_OFFICER, Role.VILLAGE_COLLABORATOR}
# Roles that manage villages and import files for their commune.
COMMUNE_MANAGERS = {Role.NATIONAL_ADMIN, Role.COMMUNE_OFFICER}
# The review procedure (Decision 24/2021): who plans, who surveys, who runs the commune steps, who signs.
CAMPAIGN_PLANNERS = {Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER}
SURVEYORS = {Role.NATIONAL_ADMIN, Role.COMMUNE_OFFICER, Role.VILLAGE_COLLABORATOR}
REVIEW_RUNNERS = {Role.NATIONAL_ADMIN, Role.COMMUNE_OFFICER}
# Only the commune People's Committee chairman decides recognition and signs certificates (spec §4.1).
DECISION_SIGNERS = {Role.COMMUNE_CHAIRMAN}
AUDIT_READERS = {Role.NATIONAL_ADMIN, Role.AUDITOR, Role.PROVINCE_OFFICER, Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN}
# Who reads the trace of reads of personal data (docs/security.md): those who check others' work, not those checked.
READ_TRACE_READERS = {Role.NATIONAL_ADMIN, Role.AUDITOR}
# Who sees a person's full CCCD: those who review and record the households (the commune's officer, chairman and
# collaborators, the province's officers who run the review) and the national administrators. Viewers, auditors and
# agency officers see it masked (0151•••••028) and may show one, which is recorded (docs/security.md): their work
# reads households, not identity numbers.
CITIZEN_ID_READERS = {
    Role.NATIONAL_ADMIN,
    Role.PROVINCE_OFFICER,
    Role.COMMUNE_OFFICER,
    Role.COMMUNE_CHAIRMAN,
    Role.VILLAGE_COLLABORATOR,
}


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


def can_classify_register(user: User | AnonymousUser, province: AdminUnit | None) -> bool:
    """A bulk classification of the register: of the whole country by a national administrator, of a province by
    them or by that province's officer."""
    scope = scope_of(user)
    if getattr(user, "role", None) == Role.NATIONAL_ADMIN and scope.national:
        return True
    return (
        getattr(user, "role", None) == Role.PROVINCE_OFFICER
        and province is not None
        and scope.province_id == province.pk
    )


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


def can_verify_certificates_in_bulk(user: User | AnonymousUser) -> bool:
    """Issue 12 §3: an agency's officer (and a national administrator) checks a list of certificate codes at once;
    the answer for each is what the public page says of one code, nothing more."""
    return _has_role(user, {Role.AGENCY_OFFICER, Role.NATIONAL_ADMIN})


def can_read_audit(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and getattr(user, "role", None) in AUDIT_READERS


def can_read_personal_data_reads(user: User | AnonymousUser) -> bool:
    """The trace of who read whose personal data: auditors and national administrators, each over their area."""
    return _has_role(user, READ_TRACE_READERS)


# ---------------------------------------------------------------- support (the register of support)

# Those who deliver support or keep the commune's records of it: the commune, the province and its agencies.
SUPPORT_RECORDERS = {
    Role.NATIONAL_ADMIN,
    Role.PROVINCE_OFFICER,
    Role.AGENCY_OFFICER,
    Role.COMMUNE_OFFICER,
    Role.COMMUNE_CHAIRMAN,
}


class Placed(Protocol):
    """A record placed in a commune and village (a household), as the support predicates read it."""

    @property
    def commune(self) -> AdminUnit: ...

    @property
    def village_id(self) -> int | None: ...

    @property
    def ended_on(self) -> datetime.date | None: ...


def can_cancel_support(user: User | AnonymousUser, household: Placed) -> bool:
    """A recorder whose area holds the household, even once it has left the register."""
    return getattr(user, "role", None) in SUPPORT_RECORDERS and scope_of(user).covers(
        commune=household.commune, village_id=household.village_id
    )


def can_record_support(user: User | AnonymousUser, household: Placed) -> bool:
    """The same, for a household still on the register."""
    return household.ended_on is None and can_cancel_support(user, household)


# ---------------------------------------------------------------- reports: targets and the reporting regime


def can_set_targets(actor: User, unit: AdminUnit) -> bool:
    """A unit sets its own targets: the province officer the province's, the commune officer the commune's."""
    scope = scope_of(actor)
    if actor.role == Role.NATIONAL_ADMIN and scope.national:
        return True
    if actor.role == Role.PROVINCE_OFFICER:
        return unit.level == Level.PROVINCE and scope.province_id == unit.pk
    if actor.role == Role.COMMUNE_OFFICER:
        return unit.level == Level.COMMUNE and scope.commune_id == unit.pk
    return False


def can_open_periods(actor: User | None) -> bool:
    """The periods are the same everywhere (dates from the data): the national administrator or a province officer
    opens them on the page, the command `open_report_periods` without an actor."""
    if actor is None:
        return True
    return actor.role in (Role.NATIONAL_ADMIN, Role.PROVINCE_OFFICER) and not scope_of(actor).nothing


def can_draft_submission(actor: User, unit: AdminUnit, agency: Agency | None = None) -> bool:
    scope = scope_of(actor)
    if agency is not None:
        # An agency's report is written by its own officers (scope_of checks the agency is of their province).
        return actor.role == Role.AGENCY_OFFICER and actor.agency_id == agency.pk and scope.province_id == unit.pk
    if unit.level == Level.COMMUNE:
        return actor.role in (Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN) and scope.commune_id == unit.pk
    return actor.role == Role.PROVINCE_OFFICER and unit.level == Level.PROVINCE and scope.province_id == unit.pk


def can_review_submission(actor: User, unit: AdminUnit, agency: Agency | None = None) -> bool:
    """The level above: an officer of the commune's or agency's province; the national administrator for a
    province."""
    scope = scope_of(actor)
    if agency is not None:
        return actor.role == Role.PROVINCE_OFFICER and scope.province_id == agency.province_id == unit.pk
    if unit.level == Level.COMMUNE:
        return (
            actor.role == Role.PROVINCE_OFFICER
            and scope.province_id is not None
            and scope.province_id == unit.province_id
        )
    return actor.role == Role.NATIONAL_ADMIN and scope.national and unit.level == Level.PROVINCE


# ---------------------------------------------------------------- personal data


def can_see_citizen_id(user: User | AnonymousUser, household: Placed | None = None) -> bool:
    """Whether the user sees the full CCCDs of the household's members; otherwise they are masked (0151•••••028).
    Without a household: of the records their area's selectors gave them (the audit trail)."""
    if getattr(user, "role", None) not in CITIZEN_ID_READERS or scope_of(user).nothing:
        return False
    return household is None or scope_of(user).covers(commune=household.commune, village_id=household.village_id)
