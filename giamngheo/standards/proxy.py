"""Phiếu B part B1: the income proxy score, and classification from it.

The score adds the points of one option in each group to a base; a score at or below the threshold of the
household's area (and region, where tables differ by region) stands for "income at or below the poverty line"
(spec §5.2 [P]). The point tables are data: the shipped one is a placeholder marked unverified (spec §5.3 [U]);
an administrator loads the legal tables from Excel.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from giamngheo.standards.params import DATA_DIR, Standard
from giamngheo.standards.rules import (
    AT_OR_BELOW_LINE,
    NEAR_POOR,
    NOT_POOR,
    POOR,
    STATUS_LABELS,
    InvalidInput,
    Result,
    check_input,
    deprivation_sentence,
)

ABOVE_LINE = "above_line"  # the proxy tells below/above the line only, not the average-living band


@dataclass(frozen=True)
class PointTable:
    standard: str
    area_type: str
    region: str
    threshold: int
    base_points: int
    groups: tuple[dict[str, Any], ...]
    verified: bool
    source: str

    def option(self, group_code: str, option_code: str) -> dict[str, Any]:
        for group in self.groups:
            if group["code"] == group_code:
                for option in group["options"]:
                    if str(option["code"]) == str(option_code):
                        return option
                raise InvalidInput(f"Nhóm “{group['label']}” không có lựa chọn “{option_code}”.")
        raise InvalidInput(f"Bảng điểm B1 không có nhóm “{group_code}”.")


@functools.cache
def shipped_table(standard_code: str, area_type: str) -> PointTable | None:
    path = DATA_DIR / standard_code / "proxy_b1.yaml"
    if not path.exists():
        return None
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return PointTable(
        standard=standard_code,
        area_type=area_type,
        region="",
        threshold=int(raw["thresholds"][area_type]),
        base_points=int(raw.get("base_points", 0)),
        groups=tuple(raw["groups"]),
        verified=raw.get("status") == "V",
        source=raw["source"],
    )


def table_for(standard: Standard, *, area_type: str, region: str = "") -> PointTable:
    """The active loaded table for the region (or for every region), else the shipped placeholder."""
    from giamngheo.standards.models import ProxyTable

    loaded = (
        ProxyTable.objects.filter(standard=standard.code, area_type=area_type, is_active=True, region__in=[region, ""])
        .order_by("-region", "-loaded_at")
        .first()
    )
    if loaded is not None:
        return PointTable(
            standard=loaded.standard,
            area_type=loaded.area_type,
            region=loaded.region,
            threshold=loaded.threshold,
            base_points=loaded.base_points,
            groups=tuple(loaded.groups),
            verified=loaded.verified,
            source=loaded.source,
        )
    table = shipped_table(standard.code, area_type)
    if table is None:
        raise InvalidInput(f"Chuẩn {standard.code} chưa có bảng điểm B1; quản trị viên cần nạp bảng điểm từ Excel.")
    return table


def proxy_score(table: PointTable, answers: Mapping[str, str]) -> int:
    """Base points plus the points of the chosen option in every group; every group must be answered."""
    missing = [g["label"] for g in table.groups if g["code"] not in answers]
    if missing:
        raise InvalidInput(f"Chưa trả lời phần B1: {'; '.join(missing)}.")
    return table.base_points + sum(int(table.option(code, value)["points"]) for code, value in answers.items())


def classify_proxy(standard: Standard, table: PointTable, *, score: int, deprived: list[str]) -> Result:
    """Classify with the B1 score in place of income: ≤ threshold counts as at or below the line."""
    if standard.rule == "decision_59_2015":
        raise InvalidInput("Chuẩn 2016–2020 có hai mức thu nhập; điểm B1 chỉ dùng cho chuẩn từ 2022.")
    ordered = check_input(standard, table.area_type, 0, deprived)
    threshold = standard.deprivation_threshold.value
    below = score <= table.threshold
    if below and len(ordered) >= threshold:
        status = POOR
    elif below:
        status = NEAR_POOR
    else:
        status = NOT_POOR
    area_word = standard.area_word[table.area_type]
    relation = "không vượt" if below else "cao hơn"
    caution = "" if table.verified else " Bảng điểm B1 đang dùng CHƯA được đối chiếu với Thông tư 07/2021/TT-BLĐTBXH."
    reasons = (
        f"Điểm B1 (ước tính thu nhập) {score}, {relation} ngưỡng {table.threshold} điểm khu vực {area_word}.{caution}",
        deprivation_sentence(standard, ordered),
        f"Kết luận: {STATUS_LABELS[status].lower()} theo điểm B1 và số chỉ số thiếu hụt — "
        f"{standard.title} ({standard.legal_basis}).",
    )
    return Result(
        standard=standard.code,
        rules_version=standard.rules_version,
        status=status,
        income_band=AT_OR_BELOW_LINE if below else ABOVE_LINE,
        deprivation_count=len(ordered),
        deprived=ordered,
        reasons=reasons,
    )
