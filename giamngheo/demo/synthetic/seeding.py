"""Reading what the generator needs, and the seed action (`synthetic_seed`)."""

import datetime
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.db.models.functions import Left

from giamngheo.accounts.models import AuditAction, AuditEntry, User
from giamngheo.areas.models import AdminUnit, AreaType, Era, Level, UnitSuccession, Village
from giamngheo.common.formats import number_vi
from giamngheo.demo.synthetic.generator import CHUNK_SIZE, SerialCounter, batches
from giamngheo.demo.synthetic.planning import CommuneSpec, SyntheticPlan, plan_make, village_names
from giamngheo.demo.synthetic.targets import RATE_TARGETS_2024, REFERENCE_DATE
from giamngheo.registry.bulk import BulkResult, households_bulk_create, villages_ensure
from giamngheo.registry.models import Household, Person
from giamngheo.registry.services.households import household_serials_in_use


def commune_specs(province: AdminUnit) -> list[CommuneSpec]:
    """The current communes of a province with their old provinces and old communes (from the 1 July 2025 mapping)."""
    communes = list(AdminUnit.objects.current().communes().filter(province=province).order_by("code"))
    legacy_communes: dict[int, list[int]] = defaultdict(list)
    legacy_provinces: dict[int, Counter[str]] = defaultdict(Counter)
    edges = UnitSuccession.objects.filter(new__in=communes).values_list(
        "new_id", "old_id", "old__level", "old__province__code"
    )
    for new_id, old_id, old_level, old_province_code in edges.order_by("new_id", "old_id"):
        if old_level == Level.COMMUNE:
            legacy_communes[new_id].append(old_id)
        if old_province_code:
            legacy_provinces[new_id][old_province_code] += 1
    return [
        CommuneSpec(
            id=c.pk,
            code=c.code,
            area_type=c.area_type,
            region=c.region,
            legacy_province_codes=tuple(code for code, _n in legacy_provinces[c.pk].most_common()),
            legacy_commune_ids=tuple(legacy_communes[c.pk]),
        )
        for c in communes
    ]


def citizen_id_serials_in_use() -> dict[str, int]:
    """{first 6 digits of a CCCD: highest last-6-digit serial in the register} (one index scan)."""
    rows = (
        Person.objects.filter(citizen_id__isnull=False)
        .annotate(prefix=Left("citizen_id", 6))
        .values("prefix")
        .annotate(top=Max("citizen_id"))
        .values_list("prefix", "top")
    )
    return {prefix: int(top[6:]) for prefix, top in rows if prefix.isdigit() and top[6:].isdigit()}


@dataclass(frozen=True, kw_only=True)
class SeedResult:
    province: AdminUnit
    households: int
    persons: int
    villages_created: int
    communes: int
    seconds: float
    status_counts: dict[str, dict[str, int]]


def plan_write(
    *,
    actor: User | None,
    plan: SyntheticPlan,
    village_ids: Mapping[int, Sequence[int]],
    note: str,
    registered_on: datetime.date = REFERENCE_DATE,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
    rebuild_indexes: bool = False,
) -> BulkResult:
    """Write the plan's households, all or nothing, with `note` on their audit entries. Their codes go on from each
    commune's last serial and their CCCDs from the register's last ones, so that a second seed, or households the
    register already has, never collide with them; on an empty register a seed gives the same rows every time."""
    with transaction.atomic():
        codes_in_use = household_serials_in_use(commune_ids=[c.id for c in plan.communes])
        return households_bulk_create(
            actor=actor,
            batches=batches(
                plan=plan,
                village_ids=village_ids,
                serials=SerialCounter(citizen_id_serials_in_use()),
                codes_in_use=codes_in_use,
                chunk_size=chunk_size,
            ),
            registered_on=registered_on,
            note=note,
            on_batch=progress,
            rebuild_indexes=rebuild_indexes,
        )


def seed_note(seed: int) -> str:
    """The note of the audit entries a seed writes: what tells a seed's households apart (their codes do not)."""
    return f"Dữ liệu mô phỏng (seed_synthetic, hạt giống {seed})"


def households_seeded(*, province: AdminUnit, seed: int) -> QuerySet[Household]:
    """The province's households `seed` created, found by the note of their creation audit entries."""
    created = AuditEntry.objects.filter(
        commune_id__in=AdminUnit.objects.filter(province=province).values("pk"),
        action=AuditAction.CREATE,
        target_type=Household._meta.label_lower,
        note=seed_note(seed),
    )
    return Household.objects.filter(commune__province=province, pk__in=created.values("household_id"))


def province_for_seed(province_code: str) -> AdminUnit:
    """The current-era province with this code, or a Vietnamese ValidationError saying what to do."""
    code = province_code.strip().zfill(2)
    province = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=code).first()
    if province is None:
        raise ValidationError(
            f"Không có tỉnh mã {province_code} (sau 01/07/2025). Chạy `python manage.py load_admin_units` trước."
        )
    return province


def synthetic_seed(
    *,
    actor: User | None,
    province: AdminUnit,
    households: int,
    seed: int,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
    rebuild_indexes: bool = False,
    registered_on: datetime.date = REFERENCE_DATE,
) -> SeedResult:
    """Add `households` synthetic households to the province's communes, all or nothing.

    `rebuild_indexes`: see bulk.households_bulk_create (faster for big loads into a quiet PostgreSQL database).
    `registered_on`: the day of their registration event; earlier than REFERENCE_DATE for households that are to
    have a history of reviews (demo.history).
    """
    if households <= 0:
        raise ValidationError(f"Số hộ phải lớn hơn 0 (đang là {households}).")
    if not 0 <= seed < 10**9:
        raise ValidationError(f"Hạt giống (--seed) phải từ 0 đến 999.999.999 (đang là {seed}).")
    communes = commune_specs(province)
    if not communes:
        raise ValidationError(
            f"{province.name} chưa có xã, phường nào (sau 01/07/2025). Chạy `python manage.py load_admin_units` trước."
        )
    incomplete = [c.code for c in communes if c.region not in RATE_TARGETS_2024 or c.area_type not in AreaType.values]
    if incomplete:
        raise ValidationError(
            f"Xã mã {', '.join(incomplete[:5])} chưa có vùng kinh tế - xã hội hoặc khu vực thành thị/nông thôn; "
            "bổ sung trong trang quản trị đơn vị hành chính rồi chạy lại."
        )
    # A seed drawn again would give the province the same families a second time (under new codes and CCCDs).
    used = households_seeded(province=province, seed=seed)
    if used.exists():
        raise ValidationError(
            f"Hạt giống {seed} đã được dùng cho {province.name} ({number_vi(used.count())} hộ). Dùng --seed khác."
        )
    started = time.perf_counter()
    plan = plan_make(communes=communes, households=households, seed=seed)
    with transaction.atomic():
        villages_before = Village.objects.filter(commune__province=province).count()
        village_ids = villages_ensure(actor=actor, wanted=village_names(plan), note=seed_note(seed))
        villages_created = Village.objects.filter(commune__province=province).count() - villages_before
        result = plan_write(
            actor=actor,
            plan=plan,
            village_ids=village_ids,
            note=seed_note(seed),
            registered_on=registered_on,
            chunk_size=chunk_size,
            progress=progress,
            rebuild_indexes=rebuild_indexes,
        )
    return SeedResult(
        province=province,
        households=result.households,
        persons=result.persons,
        villages_created=villages_created,
        communes=int((plan.households_per_commune > 0).sum()),
        seconds=time.perf_counter() - started,
        status_counts=plan.status_counts(),
    )
