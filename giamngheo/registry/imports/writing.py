"""Phase 5 of the import, write: reached only when no phase found an error, and all in one transaction. New households
go in through the bulk writer; existing ones through the register's services (household_update, household_set_head,
person_update, person_add), each with its audit entry. Should the register change between the check and the write,
the refusal rolls the whole import back."""

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from giamngheo.accounts.models import User
from giamngheo.registry.bulk import (
    HOUSEHOLD_INPUT_COLUMNS,
    PERSON_INPUT_COLUMNS,
    HouseholdBatch,
    households_bulk_create,
)
from giamngheo.registry.imports.plans import HouseholdPlan
from giamngheo.registry.imports.results import Findings, ImportResult
from giamngheo.registry.models import EventKind, Household, Person, Relation, Status
from giamngheo.registry.services.base import PERSON_FIELDS
from giamngheo.registry.services.households import household_set_head, household_update
from giamngheo.registry.services.persons import person_add, person_update


class _Rollback(Exception):
    pass


def households_write(
    plans: Sequence[HouseholdPlan],
    *,
    actor: User | None,
    path: Path,
    progress: Callable[[int, int], None] | None,
    findings: Findings,
    result: ImportResult,
) -> None:
    """Write every planned household in one transaction and count them in `result`; on any refusal, roll back
    everything, report it in `findings` and leave the counts at zero."""
    today = timezone.localdate()
    total, done = len(plans), 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    new = [p for p in plans if p.existing is None]
    try:
        with transaction.atomic():
            if new:
                # A commune's first import is thousands of households: the bulk writer inserts them with the
                # same records household_register writes (event, search text, head link, creation audit entry).
                try:
                    households_bulk_create(
                        actor=actor,
                        batches=_batches(new),
                        registered_on=today,
                        note=f"Nhập từ tệp {path.name}",
                        on_batch=advance,
                    )
                except ValidationError as error:
                    findings.validation_error(new[0].row, error, new[0].shown)
                    raise _Rollback from error
                result.created = len(new)
                result.persons_created = sum(len(p.persons) for p in new)
            for plan in plans:
                if plan.existing is None:
                    continue
                try:
                    _household_write(plan, result, today, actor=actor, path=path, findings=findings)
                except ValidationError as error:
                    findings.validation_error(plan.row, error, plan.rows[0].shown)
                    raise _Rollback from error
                except IntegrityError as error:
                    # Someone changed the register between the check and the write (e.g. the same CCCD).
                    findings.error(
                        plan.row,
                        "code",
                        f"Không ghi được hộ {plan.code}: dữ liệu trong sổ vừa thay đổi. Nhập lại tệp.",
                        plan.code,
                    )
                    raise _Rollback from error
                advance(1)
    except _Rollback:
        result.created = result.updated = result.unchanged = 0
        result.persons_created = result.persons_updated = 0


def _household_write(
    plan: HouseholdPlan,
    result: ImportResult,
    today: datetime.date,
    *,
    actor: User | None,
    path: Path,
    findings: Findings,
) -> None:
    """Bring an existing household in line with the file, through the register's services."""
    assert plan.existing is not None
    if not plan.changed:
        result.unchanged += 1
        return
    household = Household.objects.select_related("commune", "village", "head").get(pk=plan.existing.pk)
    if plan.changes:
        household = household_update(actor=actor, household=household, data=plan.changes)
    for person_plan in plan.persons:
        if person_plan.existing is None:
            continue
        if person_plan.becomes_head:
            household_set_head(
                actor=actor,
                household=household,
                person=person_plan.existing,
                former_head_relation=Relation.OTHER_RELATIVE,
                occurred_on=today,
            )
        if person_plan.changes:
            try:
                person_update(actor=actor, person=person_plan.existing, data=person_plan.changes)
            except ValidationError as error:
                findings.validation_error(person_plan.row.number, error, person_plan.row.shown)
                raise _Rollback from error
        if person_plan.changes or person_plan.becomes_head:
            result.persons_updated += 1
    household.refresh_from_db(fields=["head"])
    for person_plan in plan.persons:
        if person_plan.member_id is not None:
            continue
        data = person_plan.data
        born_here = data["date_of_birth"] >= household.created_at.date()
        try:
            person_add(
                actor=actor,
                household=household,
                data=data,
                kind=EventKind.BIRTH if born_here else EventKind.MOVED_IN,
                occurred_on=data["date_of_birth"] if born_here else today,
                note=f"Bổ sung khi nhập tệp {path.name}",
            )
        except ValidationError as error:
            findings.validation_error(person_plan.row.number, error, person_plan.row.shown)
            raise _Rollback from error
        result.persons_created += 1
    result.updated += 1


def _defaults(model: type[models.Model], names: Iterable[str]) -> dict[str, Any]:
    """What a blank cell gives a new record: the model's default ("" for optional text, None for unknown facts)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return {name: fields[name].get_default() for name in names}


def _given(value: Any, default: Any) -> Any:
    return default if value is None else value


_HOUSEHOLD_DEFAULTS = _defaults(Household, HOUSEHOLD_INPUT_COLUMNS)
_PERSON_DEFAULTS = _defaults(Person, PERSON_FIELDS)
_BATCH_SIZE = 500


def _batches(plans: Sequence[HouseholdPlan]) -> Iterator[HouseholdBatch]:
    """New households and their members as the bulk writer takes them: one list per column."""
    for start in range(0, len(plans), _BATCH_SIZE):
        households: dict[str, list[Any]] = {name: [] for name in HOUSEHOLD_INPUT_COLUMNS}
        persons: dict[str, list[Any]] = {name: [] for name in PERSON_INPUT_COLUMNS}
        for index, plan in enumerate(plans[start : start + _BATCH_SIZE]):
            assert plan.commune is not None and plan.village is not None
            values = {
                **{name: _given(plan.value(name), _HOUSEHOLD_DEFAULTS[name]) for name in HOUSEHOLD_INPUT_COLUMNS},
                "code": plan.code,
                "commune_id": plan.commune.pk,
                "legacy_commune_id": plan.legacy_commune.pk if plan.legacy_commune else None,
                "village_id": plan.village.pk,
                "area_type": plan.value("area_type") or plan.commune.area_type,
                "status": plan.value("status") or Status.UNKNOWN,
            }
            for name in HOUSEHOLD_INPUT_COLUMNS:
                households[name].append(values[name])
            for person in plan.persons:
                persons["household_index"].append(index)
                data = person.data
                for name in PERSON_FIELDS:
                    persons[name].append(data.get(name, _PERSON_DEFAULTS[name]))
        yield HouseholdBatch(households=households, persons=persons)
