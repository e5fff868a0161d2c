"""Classification of one household under one standard, with the reasons a village meeting can read.

One rule function per standard period (the `rule` key of the period's data). A closed period's function is frozen:
a later period that happens to share its structure gets its own function, so correcting one never moves the other.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from giamngheo.common.formats import number_vi
from giamngheo.standards.params import VERIFICATION_LABELS, Param, Standard

POOR, NEAR_POOR, NOT_POOR = "poor", "near_poor", "not_poor"
AT_OR_BELOW_LINE, AVERAGE, ABOVE_AVERAGE = "at_or_below_line", "average", "above_average"
STATUS_LABELS = {POOR: "Hộ nghèo", NEAR_POOR: "Hộ cận nghèo", NOT_POOR: "Không nghèo"}
INCOME_BAND_LABELS = {
    AT_OR_BELOW_LINE: "Không vượt chuẩn nghèo",
    AVERAGE: "Mức sống trung bình",
    ABOVE_AVERAGE: "Trên mức sống trung bình",
}


class InvalidInput(ValueError):
    """A household input the standard cannot classify. The message is Vietnamese and names the value."""


@dataclass(frozen=True)
class Result:
    standard: str
    rules_version: str
    status: str
    income_band: str
    deprivation_count: int
    deprived: tuple[str, ...]
    reasons: tuple[str, ...]


def vnd(amount: int) -> str:
    """1450000 -> "1.450.000" (Vietnamese thousands separator)."""
    return number_vi(amount)


def _flag(param: Param) -> str:
    return f" (giá trị {VERIFICATION_LABELS['U']})" if param.unverified else ""


def check_input(standard: Standard, area: str, income: int, deprived: Iterable[str]) -> tuple[str, ...]:
    if area not in standard.poverty_line:
        raise InvalidInput(f"Khu vực “{area}” không hợp lệ; chỉ nhận rural (nông thôn) hoặc urban (thành thị).")
    if isinstance(income, bool) or not isinstance(income, int) or income < 0:
        raise InvalidInput(f"Thu nhập bình quân “{income}” không hợp lệ; phải là số nguyên đồng, không âm.")
    wanted = set(deprived)
    unknown = sorted(wanted - set(standard.indicator_codes))
    if unknown:
        raise InvalidInput(
            f"Chỉ số “{', '.join(unknown)}” không có trong chuẩn {standard.code}. "
            f"Các chỉ số của chuẩn này: {', '.join(standard.indicator_codes)}."
        )
    return tuple(code for code in standard.indicator_codes if code in wanted)


def band_floor(standard: Standard, area: str) -> Param:
    """Where the average-living band starts: above the near-poor line when the period has one (Decision 59/2015
    Art. 2 cl. 3: rural above 1,000,000, urban above 1,300,000), otherwise above the poverty line."""
    return (standard.near_poor_line or standard.poverty_line)[area]


def income_band(standard: Standard, area: str, income: int) -> str:
    if income <= band_floor(standard, area).value:
        return AT_OR_BELOW_LINE
    if income <= standard.average_living_upper[area].value:
        return AVERAGE
    return ABOVE_AVERAGE


def _income_sentence(standard: Standard, area: str, income: int, line: Param, line_name: str) -> str:
    relation = "không vượt" if income <= line.value else "cao hơn"
    return (
        f"Thu nhập bình quân {vnd(income)} đồng/người/tháng, {relation} {line_name} "
        f"{standard.area_word[area]} {vnd(line.value)} đồng{_flag(line)}."
    )


def deprivation_sentence(standard: Standard, deprived: tuple[str, ...]) -> str:
    threshold = standard.deprivation_threshold.value
    if not deprived:
        return "Không thiếu hụt chỉ số dịch vụ xã hội cơ bản nào."
    names = "; ".join(standard.indicator(code).name for code in deprived)
    side = f"từ {threshold} chỉ số trở lên" if len(deprived) >= threshold else f"dưới {threshold} chỉ số"
    return f"Thiếu hụt {len(deprived)} chỉ số dịch vụ xã hội cơ bản ({names}), {side}."


def band_sentence(standard: Standard, area: str, income: int, band: str) -> str | None:
    upper = standard.average_living_upper[area]
    if band == AVERAGE:
        return (
            f"Thu nhập thuộc khoảng mức sống trung bình: trên {vnd(band_floor(standard, area).value)} đến "
            f"{vnd(upper.value)} đồng{_flag(upper)}."
        )
    if band == ABOVE_AVERAGE and upper.unverified:
        # The bound decided the band, so the family and the meeting must see it is not yet verified.
        return f"Thu nhập trên mức sống trung bình (trên {vnd(upper.value)} đồng{_flag(upper)})."
    return None


def _result(standard: Standard, status: str, band: str, deprived: tuple[str, ...], reasons: list[str | None]) -> Result:
    return Result(
        standard=standard.code,
        rules_version=standard.rules_version,
        status=status,
        income_band=band,
        deprivation_count=len(deprived),
        deprived=deprived,
        reasons=tuple(r for r in reasons if r),
    )


def decision_59_2015(standard: Standard, area: str, income: int, deprived: tuple[str, ...]) -> Result:
    """2016–2020 (Decision 59/2015/QĐ-TTg Art. 2): poor if income ≤ the poverty line, or income ≤ the near-poor
    line with ≥ 3 deprivations; near-poor if above the line, ≤ the near-poor line, with < 3."""
    line, near_line = standard.poverty_line[area], standard.near_poor_line[area]
    threshold = standard.deprivation_threshold.value
    reasons: list[str | None] = [
        _income_sentence(standard, area, income, line, "chuẩn nghèo"),
        _income_sentence(standard, area, income, near_line, "chuẩn cận nghèo") if income > line.value else None,
        deprivation_sentence(standard, deprived),
    ]
    if income <= line.value:
        status, why = POOR, "thu nhập không vượt chuẩn nghèo"
    elif income <= near_line.value and len(deprived) >= threshold:
        status, why = POOR, f"thu nhập không vượt chuẩn cận nghèo và thiếu hụt từ {threshold} chỉ số trở lên"
    elif income <= near_line.value:
        status, why = NEAR_POOR, f"thu nhập không vượt chuẩn cận nghèo và thiếu hụt dưới {threshold} chỉ số"
    else:
        status, why = NOT_POOR, "thu nhập cao hơn chuẩn cận nghèo"
    band = income_band(standard, area, income)
    reasons += [band_sentence(standard, area, income, band), _conclusion(standard, status, why)]
    return _result(standard, status, band, deprived, reasons)


def _two_criteria(standard: Standard, area: str, income: int, deprived: tuple[str, ...]) -> Result:
    line = standard.poverty_line[area]
    threshold = standard.deprivation_threshold.value
    reasons: list[str | None] = [
        _income_sentence(standard, area, income, line, "chuẩn nghèo"),
        deprivation_sentence(standard, deprived),
    ]
    # "trở xuống": a household exactly at the line is at or below it.
    if income <= line.value and len(deprived) >= threshold:
        status, why = POOR, f"thu nhập không vượt chuẩn nghèo và thiếu hụt từ {threshold} chỉ số trở lên"
    elif income <= line.value:
        status, why = NEAR_POOR, f"thu nhập không vượt chuẩn nghèo và thiếu hụt dưới {threshold} chỉ số"
    else:
        status, why = NOT_POOR, "thu nhập cao hơn chuẩn nghèo (không xét số chỉ số thiếu hụt)"
    band = income_band(standard, area, income)
    reasons += [band_sentence(standard, area, income, band), _conclusion(standard, status, why)]
    return _result(standard, status, band, deprived, reasons)


def decree_07_2021(standard: Standard, area: str, income: int, deprived: tuple[str, ...]) -> Result:
    """2022–2025, also 2026 (Decree 07/2021/NĐ-CP Art. 3 cl. 2): poor = income ≤ line AND ≥ 3 deprivations;
    near-poor = income ≤ line AND < 3. Above the line deprivations do not matter."""
    return _two_criteria(standard, area, income, deprived)


def decree_351_2025(standard: Standard, area: str, income: int, deprived: tuple[str, ...]) -> Result:
    """2027–2030 (Decree 351/2025/NĐ-CP): the same two-criteria structure with new lines and indicators. The
    drafts' income-only tier is not in the published decree and is deliberately absent (spec §3)."""
    return _two_criteria(standard, area, income, deprived)


def _conclusion(standard: Standard, status: str, why: str) -> str:
    return f"Kết luận: {STATUS_LABELS[status].lower()} vì {why} — {standard.title} ({standard.legal_basis})."


RULES: dict[str, Callable[[Standard, str, int, tuple[str, ...]], Result]] = {
    "decision_59_2015": decision_59_2015,
    "decree_07_2021": decree_07_2021,
    "decree_351_2025": decree_351_2025,
}


def classify(standard: Standard, *, area: str, income_per_capita: int, deprived: Iterable[str]) -> Result:
    """Classify one household. Raises InvalidInput (Vietnamese message) for an area, income or indicator the
    standard does not know."""
    ordered = check_input(standard, area, income_per_capita, deprived)
    return RULES[standard.rule](standard, area, income_per_capita, ordered)
