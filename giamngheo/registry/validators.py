"""Validation of citizen identity numbers (CCCD) against the person they belong to.

Structure (Circular 59/2021/TT-BCA Art. 7, before it Circular 07/2016/TT-BCA): 12 digits = 3-digit code of the
province where the birth was registered + 1 digit for century and sex + 2 digits for the year of birth + 6 digits.
"""

import csv
import datetime

from django.core.exceptions import ValidationError

from giamngheo.registry.models import DATA_DIR, Sex

with open(DATA_DIR / "cccd_province_codes.csv", encoding="utf-8") as _f:
    CCCD_PROVINCE_CODES = {row["code"] for row in csv.DictReader(_f)}

# Fourth digit: even = male, odd = female; 0/1 for births 1900–1999, 2/3 for 2000–2099, and so on.
_CENTURY_BASE = 1900


def citizen_id_validate(citizen_id: str, *, sex: str | None = None, date_of_birth: datetime.date | None = None) -> None:
    """Raise ValidationError (Vietnamese message) when the number is malformed or contradicts sex or birth year."""
    if len(citizen_id) != 12 or not citizen_id.isdigit():
        raise ValidationError(
            "Số CCCD phải gồm đúng 12 chữ số (đang là “%(value)s”).", code="cccd_format", params={"value": citizen_id}
        )
    if citizen_id[:3] not in CCCD_PROVINCE_CODES:
        raise ValidationError(
            "Ba số đầu của CCCD (%(code)s) không phải mã tỉnh nơi đăng ký khai sinh.",
            code="cccd_province",
            params={"code": citizen_id[:3]},
        )
    century_sex = int(citizen_id[3])
    coded_sex = Sex.MALE if century_sex % 2 == 0 else Sex.FEMALE
    if sex and sex != coded_sex:
        raise ValidationError(
            "Chữ số thứ tư của CCCD (%(digit)s) ghi giới tính %(coded)s, nhưng người này là %(actual)s.",
            code="cccd_sex",
            params={"digit": century_sex, "coded": coded_sex.label, "actual": Sex(sex).label},
        )
    if date_of_birth is not None:
        coded_year = _CENTURY_BASE + 100 * (century_sex // 2) + int(citizen_id[4:6])
        if coded_year != date_of_birth.year:
            raise ValidationError(
                "Số CCCD ghi năm sinh %(coded)s, nhưng ngày sinh là %(dob)s.",
                code="cccd_birth_year",
                params={"coded": coded_year, "dob": date_of_birth.strftime("%d/%m/%Y")},
            )


def citizen_id_for(*, province_code: str, sex: str, date_of_birth: datetime.date, serial: int) -> str:
    """Build a structurally valid CCCD (used by the synthetic data generator and by tests)."""
    century = (date_of_birth.year - _CENTURY_BASE) // 100
    digit = century * 2 + (0 if sex == Sex.MALE else 1)
    return f"{province_code}{digit}{date_of_birth.year % 100:02d}{serial % 1_000_000:06d}"
