"""The import: every row read, resolved, checked and planned, then every household written in one transaction, or
nothing.

Each phase is a module of its own and passes its state on explicitly: the rows (plans.Row), the households planned
from them (plans.HouseholdPlan) and the errors and warnings found so far (results.Findings). Nothing is written while
any error is known, so a file with one wrong row leaves the register as it was.
"""

from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError

from giamngheo.accounts.access import can_manage_commune, is_national, managed_commune_of
from giamngheo.accounts.models import User
from giamngheo.areas.models import AdminUnit, Era, Level
from giamngheo.common.memory import collector_paused
from giamngheo.registry.imports.checking import citizen_ids_check, heads_check
from giamngheo.registry.imports.planning import households_plan
from giamngheo.registry.imports.reading import rows_read
from giamngheo.registry.imports.resolving import (
    communes_resolve,
    households_existing_load,
    households_group,
    villages_resolve,
)
from giamngheo.registry.imports.results import Findings, ImportResult
from giamngheo.registry.imports.writing import households_write


def households_import(
    *,
    actor: User | None,
    path: Path,
    commune: AdminUnit | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Check every row of the file, then write all households in one transaction, or nothing when any row is wrong.

    `commune` restricts the file to one commune of today's map: rows of other communes are errors, and rows without a
    commune code belong to it. An import made by a user stays inside their area: a commune officer's is restricted
    to their own commune; a national administrator may import for any commune or the whole file; anyone else is
    refused (ValidationError). With no actor (the system, a command run without --actor) nothing is restricted.
    `progress(done, total)` counts households written (new ones in batches of 500, then existing ones one by one).

    New households go in through `registry.bulk` (the records `household_register` writes, with one creation audit
    entry per household noting the file). Existing households (same Mã hộ) are compared and, when different, updated
    through `household_update` / `person_update` / `person_add` with their audit entries; members missing from the
    file are left as they are and reported as warnings.
    """
    if commune is not None and (commune.era != Era.CURRENT or commune.level != Level.COMMUNE):
        raise ValueError(f"{commune} không phải xã, phường, đặc khu hiện hành.")
    commune = _commune_for_actor(actor, commune)
    path = Path(path)
    findings = Findings()
    result = ImportResult(warnings=findings.warnings, errors=findings.errors)
    # Read, resolve, check, plan: each phase reports what it finds and goes on, so one upload lists every problem.
    # No cycle among the rows, plans and messages: the collector would only walk them (common.memory).
    with collector_paused():
        rows = rows_read(path, findings)
        plans = households_group(rows, findings)
        households_existing_load(plans)
        communes_resolve(plans, restrict=commune, findings=findings)
        villages_resolve(plans, findings)
        heads_check(plans, findings)
        citizen_ids_check(plans, actor=actor, findings=findings)
        households_plan(plans, restrict=commune, findings=findings)
    if not findings.errors and plans:
        households_write(plans, actor=actor, path=path, progress=progress, findings=findings, result=result)
    findings.errors.sort(key=lambda e: e.row)
    result.ok = not findings.errors
    return result


def _commune_for_actor(actor: User | None, commune: AdminUnit | None) -> AdminUnit | None:
    """The commune the import is restricted to, given who makes it (the same on the web page and the command)."""
    if actor is None:
        return commune
    if not actor.is_active or not can_manage_commune(actor):
        raise ValidationError(
            f"“{actor.username}” ({actor.get_role_display()}) không có quyền nhập hộ: chỉ cán bộ xã (cho xã của mình) "
            "hoặc quản trị quốc gia."
        )
    if is_national(actor):
        return commune
    own = managed_commune_of(actor)
    if own is None or (commune is not None and commune.pk != own.pk):
        raise ValidationError(f"“{actor.username}” chỉ được nhập hộ của {actor.area}, không phải {commune}.")
    return own
