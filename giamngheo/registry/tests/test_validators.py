"""Citizen identity numbers (CCCD): structure per Circular 59/2021/TT-BCA Art. 7."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from giamngheo.registry.models import Sex
from giamngheo.registry.validators import citizen_id_for, citizen_id_validate

BORN_1985 = datetime.date(1985, 3, 2)
BORN_2008 = datetime.date(2008, 11, 30)


def test_the_validator_accepts_a_number_consistent_with_sex_and_birth_year():
    citizen_id_validate("001085012345", sex=Sex.MALE, date_of_birth=BORN_1985)
    citizen_id_validate("079308000001", sex=Sex.FEMALE, date_of_birth=BORN_2008)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("00108501234", "12 chữ số"),
        ("00108501234a", "12 chữ số"),
        ("003085012345", "mã tỉnh"),  # 003 is not a province code
        ("001185012345", "giới tính"),  # odd fourth digit = female
        ("001086012345", "năm sinh 1986"),
        ("001285012345", "năm sinh 2085"),  # 2 = born in the 2000s
    ],
)
def test_the_validator_refuses_a_malformed_or_contradicting_number(value, fragment):
    with pytest.raises(ValidationError) as error:
        citizen_id_validate(value, sex=Sex.MALE, date_of_birth=BORN_1985)
    assert fragment in error.value.messages[0]


def test_the_generator_builds_numbers_the_validator_accepts():
    for sex, born in [(Sex.MALE, BORN_1985), (Sex.FEMALE, BORN_1985), (Sex.MALE, BORN_2008), (Sex.FEMALE, BORN_2008)]:
        number = citizen_id_for(province_code="015", sex=sex, date_of_birth=born, serial=42)
        citizen_id_validate(number, sex=sex, date_of_birth=born)
