"""Phase 2 of the import, resolve: the rows grouped into households by Mã hộ, then each household's commune (by
today's code, or by the code before 01/07/2025 through the old→new mapping) and its village."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from giamngheo.areas.models import AdminUnit, UnitSuccession, Village
from giamngheo.common.text import fold
from giamngheo.registry.imports.cells import cell_shown
from giamngheo.registry.imports.columns import SHARED_KEYS
from giamngheo.registry.imports.plans import HouseholdPlan, Row
from giamngheo.registry.imports.queries import chunks
from giamngheo.registry.imports.results import Findings
from giamngheo.registry.models import Household


def _same(key: str, first: Any, other: Any) -> bool:
    # A village is looked up by its folded name, so "thon hai" and "Thôn Hai" name the same one.
    return fold(first) == fold(other) if key == "village" else bool(first == other)


def households_group(rows: Sequence[Row], findings: Findings) -> list[HouseholdPlan]:
    """The rows by Mã hộ, with the household columns they give; rows that disagree on one are errors."""
    plans: dict[str, HouseholdPlan] = {}
    for row in rows:
        plan = plans.setdefault(row.code, HouseholdPlan(code=row.code, rows=[]))
        plan.rows.append(row)
        for key in SHARED_KEYS:
            if key not in row.values:
                continue
            if key not in plan.values:
                plan.values[key], plan.first_row[key] = row.values[key], row.number
            elif not _same(key, plan.values[key], row.values[key]):
                findings.error(
                    row.number,
                    key,
                    f"Hộ {row.code}: dòng {plan.row_of(key)} ghi “{cell_shown(plan.cell(key))}”, "
                    f"dòng {row.number} ghi “{cell_shown(row.cells[key])}”. Thông tin chung của hộ phải giống "
                    "nhau trên mọi dòng (hoặc chỉ ghi ở một dòng).",
                    row.cells[key],
                )
    return list(plans.values())


def communes_resolve(plans: Sequence[HouseholdPlan], *, restrict: AdminUnit | None, findings: Findings) -> None:
    """Each household's commune of today's map, from its current code or through the old→new mapping from its
    legacy code; with `restrict`, only that commune."""
    current_codes = sorted({p.values["commune_code"] for p in plans if "commune_code" in p.values})
    legacy_codes = sorted({p.values["legacy_commune_code"] for p in plans if "legacy_commune_code" in p.values})
    communes = AdminUnit.objects.current().communes()
    current = {u.code: u for chunk in chunks(current_codes) for u in communes.filter(code__in=chunk)}
    legacy = {
        u.code: u
        for chunk in chunks(legacy_codes)
        for u in AdminUnit.objects.legacy().communes().filter(code__in=chunk)
    }
    successors: dict[int, list[UnitSuccession]] = defaultdict(list)
    for edge in UnitSuccession.objects.filter(old__in=list(legacy.values())).select_related("new"):
        successors[edge.old_id].append(edge)
    legacy_only = {
        u.code: u
        for chunk in chunks([c for c in current_codes if c not in current])
        for u in AdminUnit.objects.legacy().communes().filter(code__in=chunk)
    }
    for plan in plans:
        _commune_resolve(plan, current, legacy, successors, legacy_only, restrict=restrict, findings=findings)


def _commune_resolve(
    plan: HouseholdPlan,
    current: Mapping[str, AdminUnit],
    legacy: Mapping[str, AdminUnit],
    successors: Mapping[int, list[UnitSuccession]],
    legacy_only: Mapping[str, AdminUnit],
    *,
    restrict: AdminUnit | None,
    findings: Findings,
) -> None:
    commune_code = plan.values.get("commune_code")
    legacy_code = plan.values.get("legacy_commune_code")
    commune: AdminUnit | None = None
    if commune_code:
        commune = current.get(commune_code)
        if commune is None:
            hint = (
                f" Mã này là {legacy_only[commune_code]} trước 01/07/2025: ghi vào cột Mã xã cũ."
                if commune_code in legacy_only
                else ""
            )
            findings.error(
                plan.row_of("commune_code"),
                "commune_code",
                f"Không có xã, phường, đặc khu hiện hành mã {commune_code}.{hint}",
                commune_code,
            )
            return
    if legacy_code:
        old = legacy.get(legacy_code)
        if old is None:
            findings.error(
                plan.row_of("legacy_commune_code"),
                "legacy_commune_code",
                f"Không có xã, phường, thị trấn mã {legacy_code} trong danh mục trước 01/07/2025.",
                legacy_code,
            )
            return
        edges = successors.get(old.pk, [])
        news = [e.new for e in edges]
        if commune is not None:
            if commune not in news:
                names = ", ".join(f"{u} ({u.code})" for u in news) or "không có"
                findings.error(
                    plan.row_of("commune_code"),
                    "commune_code",
                    f"{old} ({old.code}) không được sắp xếp vào {commune} ({commune.code}). Xã mới nhận "
                    f"địa bàn xã cũ này: {names}.",
                    commune_code,
                )
                return
        else:
            defaults = [e.new for e in edges if e.is_default] or (news if len(news) == 1 else [])
            if len(defaults) != 1:
                names = ", ".join(f"{u} ({u.code})" for u in news)
                message = (
                    f"{old} ({old.code}) được chia cho nhiều xã mới ({names}); ghi thêm Mã xã hiện hành."
                    if news
                    else f"{old} ({old.code}) chưa có xã mới tương ứng trong bảng sắp xếp đơn vị hành chính."
                )
                findings.error(plan.row_of("legacy_commune_code"), "legacy_commune_code", message, legacy_code)
                return
            commune = defaults[0]
        plan.legacy_commune = old
    if commune is None:
        if restrict is None:
            findings.error(
                plan.row, "commune_code", f"Hộ {plan.code} chưa có Mã xã: ghi Mã xã (hiện hành) hoặc Mã xã cũ."
            )
            return
        commune = restrict
    if restrict is not None and commune.pk != restrict.pk:
        key = "commune_code" if commune_code else "legacy_commune_code"
        findings.error(
            plan.row_of(key),
            key,
            f"Hộ {plan.code} thuộc {commune}; tệp này chỉ được nhập hộ của {restrict}.",
            plan.cell(key),
        )
        return
    plan.commune = commune


def villages_resolve(plans: Sequence[HouseholdPlan], findings: Findings) -> None:
    """Each household's village by name within its commune, and its area type (thành thị/nông thôn)."""
    commune_ids = {p.commune.pk for p in plans if p.commune is not None}
    by_commune: dict[int, list[Village]] = defaultdict(list)
    for village in Village.objects.filter(commune_id__in=commune_ids):
        by_commune[village.commune_id].append(village)
    # A household already in a village that was later deactivated may stay there (re-importing the same file
    # changes nothing); only a new household, or a move, needs an active village.
    current_village = {
        code: village_id
        for chunk in chunks(sorted({p.code for p in plans}))
        for code, village_id in Household.objects.filter(code__in=chunk).values_list("code", "village_id")
    }
    for plan in plans:
        if plan.commune is None:
            continue
        name = plan.values.get("village")
        if not name:
            if not any("village" in r.bad for r in plan.rows):
                findings.error(plan.row, "village", f"Hộ {plan.code} chưa ghi Thôn, tổ dân phố.")
            continue
        villages = by_commune[plan.commune.pk]
        found = [v for v in villages if v.name == name] or [
            v for v in villages if fold(name) in (fold(v.name), fold(str(v)))
        ]
        row = plan.row_of("village")
        if len(found) > 1:
            findings.error(
                row,
                "village",
                f"Tên này khớp nhiều thôn của {plan.commune}: {', '.join(v.name for v in found)}. Ghi đúng tên có dấu.",
                name,
            )
        elif not found:
            findings.error(
                row,
                "village",
                f"{plan.commune} chưa có thôn, tổ dân phố “{name}”. Tạo thôn trong "
                "hệ thống trước (trang Thôn, tổ dân phố của xã) rồi nhập lại.",
                name,
            )
        elif not found[0].is_active and current_village.get(plan.code) != found[0].pk:
            findings.error(
                row, "village", f"Thôn “{found[0].name}” đã ngừng hoạt động; chọn thôn đang hoạt động.", name
            )
        else:
            plan.village = found[0]
        area_type = plan.values.get("area_type") or plan.commune.area_type
        if not area_type and "area_type" not in {k for r in plan.rows for k in r.bad}:
            findings.error(
                plan.row,
                "area_type",
                f"{plan.commune} chưa ghi khu vực thành thị/nông thôn: ghi cột Khu vực cho hộ {plan.code}.",
            )
