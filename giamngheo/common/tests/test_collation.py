"""The Vietnamese collation in queries, on SQLite (registered per connection) and PostgreSQL (ICU) alike."""

import pytest

from giamngheo.areas.models import AdminUnit, Village
from giamngheo.common.models import vi_order

pytestmark = pytest.mark.django_db

# Raw Unicode order: "Bảo Yên" < "Bảo Ái" (Y < Á), "Phường Âu Lâu" after "Phường Bắc Lý" (Â > B).
NAMES = ["Thôn Bảo Yên", "Thôn Bảo Ái", "Thôn Đông", "Thôn Dương", "Thôn Ô Rô", "Thôn Phố"]
VIETNAMESE = ["Thôn Bảo Ái", "Thôn Bảo Yên", "Thôn Dương", "Thôn Đông", "Thôn Ô Rô", "Thôn Phố"]


def test_vi_order_sorts_names_in_the_vietnamese_alphabet_in_the_database(cast):
    for name in NAMES:
        Village.objects.create(commune=cast.far_commune, name=name)
    villages = Village.objects.filter(commune=cast.far_commune, name__startswith="Thôn ")
    assert [v.name for v in villages.order_by(vi_order("name"))] == VIETNAMESE
    assert [v.name for v in villages.order_by(vi_order("name", descending=True))] == VIETNAMESE[::-1]
    assert [v.name for v in villages] == VIETNAMESE  # the model's own order


def test_vi_order_sorts_unit_names_with_letters_after_their_base_letter(cast):
    names = ["Phường Bắc Lý", "Phường Âu Lâu", "Phường An Lạc", "Phường Yên"]
    for n, name in enumerate(names):
        AdminUnit.objects.create(
            era=cast.commune.era,
            level=cast.commune.level,
            code=f"9{n:04d}",
            name=name,
            parent=cast.province,
            province=cast.province,
            source_key=f"vi{n}",
        )
    ordered = AdminUnit.objects.filter(source_key__startswith="vi").order_by(vi_order("name"))
    assert [u.name for u in ordered] == ["Phường An Lạc", "Phường Âu Lâu", "Phường Bắc Lý", "Phường Yên"]
