"""Names: Kinh family, middle and given names by region and period, the name styles of the other ethnic groups, and
the occupations people are given."""

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from giamngheo.areas.models import Region
from giamngheo.registry.models import Employment


def _nfc_pool(text: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", name.strip()) for name in text.split(",") if name.strip())


def _weighted(text: str) -> tuple[tuple[str, ...], np.ndarray]:
    """ "Nguyễn 38, Trần 12" → names and probabilities."""
    names, weights = [], []
    for part in text.split(","):
        name, weight = part.strip().rsplit(" ", 1)
        names.append(unicodedata.normalize("NFC", name))
        weights.append(float(weight))
    p = np.array(weights)
    return tuple(names), p / p.sum()


# Family names of Kinh households with their approximate frequencies (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %,
# Phạm ≈ 7 %, Hoàng/Huỳnh ≈ 5 %, …): Hoàng and Vũ in the north, Huỳnh and Võ in the south, both in the centre.
_KINH_COMMON = (
    "Nguyễn 38, Trần 11, Lê 9.5, Phạm 7, Phan 4, Đặng 2.1, Bùi 2.1, Đỗ 1.6, Hồ 1.3, Ngô 1.3, Dương 1, Lý 0.5, "
    "Đinh 1, Trịnh 0.8, Đào 0.8, Mai 0.6, Lương 0.5, Cao 0.5, Tạ 0.3, Hà 0.6, Lưu 0.3, Chu 0.3, Tô 0.3, Văn 0.2, "
    "Phùng 0.3, Kiều 0.2, Lâm 0.4, Châu 0.3, Trương 0.6, Thái 0.2, Tăng 0.1, Triệu 0.2, Quách 0.1"
)
_KINH_FAMILIES = {
    "north": _weighted(_KINH_COMMON + ", Hoàng 5.1, Vũ 3.9"),
    "centre": _weighted(_KINH_COMMON + ", Hoàng 2.5, Huỳnh 2.6, Vũ 1.2, Võ 2.7"),
    "south": _weighted(_KINH_COMMON + ", Huỳnh 5.1, Võ 3.9"),
}
_KINH_MALE_MIDDLE_OLD = _nfc_pool(
    "Văn,Văn,Văn,Văn,Văn,Văn,Đức,Minh,Quang,Hữu,Công,Thanh,Xuân,Ngọc,Đình,Trọng,Quốc,Tiến"
)
_KINH_MALE_MIDDLE_YOUNG = _nfc_pool("Văn,Văn,Đức,Minh,Quang,Hữu,Công,Thành,Quốc,Tiến,Duy,Gia,Hoàng,Anh,Bảo,Đăng,Trung")
_KINH_FEMALE_MIDDLE_OLD = _nfc_pool("Thị,Thị,Thị,Thị,Thị,Thị,Thị,Thu,Ngọc,Thanh,Hồng,Bích,Kim,Minh,Phương")
_KINH_FEMALE_MIDDLE_YOUNG = _nfc_pool("Thị,Thị,Thu,Ngọc,Thanh,Minh,Thùy,Hồng,Phương,Mai,Khánh,Bảo,Diệu,Quỳnh,Hà,Kim")
_KINH_MALE_GIVEN_OLD = _nfc_pool(
    "Hùng,Dũng,Tuấn,Minh,Nam,Hải,Hưng,Long,Thắng,Cường,Sơn,Phong,Quân,Đức,Thành,Trung,Bình,Hiếu,Tùng,Hoàng,Vinh,"
    "Tâm,Lâm,Toàn,Lợi,Tài,Tiến,Quang,Hòa,Lộc,Nghĩa,Thái,Chiến,Thọ,Tú,Hậu,Khánh,Phúc,Sáu,Bảy,Tư,Năm"
)
_KINH_MALE_GIVEN_YOUNG = _nfc_pool(
    "Huy,Khánh,Phúc,An,Bảo,Khôi,Đạt,Kiên,Thịnh,Việt,Duy,Phát,Trí,Vũ,Anh,Khang,Đăng,Nhân,Quân,Minh,Nam,Long,Tùng,"
    "Hiếu,Hưng,Dương,Hoàng,Lâm,Tuấn,Thành,Sơn,Hải,Nguyên,Hào"
)
_KINH_FEMALE_GIVEN_OLD = _nfc_pool(
    "Lan,Hương,Hoa,Mai,Hạnh,Hằng,Nga,Thủy,Hà,Nhung,Dung,Loan,Liên,Oanh,Tuyết,Vân,Xuân,Hiền,Lý,Bích,Hồng,Nhàn,Thơm,"
    "Hòa,Tươi,Thắm,Huệ,Sen,Cúc,Đào,Lệ,Thu,Tâm,Yến,Phượng,Lụa,Hợi,Chung"
)
_KINH_FEMALE_GIVEN_YOUNG = _nfc_pool(
    "Linh,Ngọc,Thảo,Trang,Huyền,Phương,Anh,Chi,Giang,My,Ngân,Nhi,Quỳnh,Trinh,Uyên,Vy,Hà,Mai,Lan,Hương,An,Hân,"
    "Yến,Thư,Hoa,Nhung,Hằng,Thủy,Diệp,Châu"
)


@dataclass(frozen=True)
class _NameStyle:
    """How one group's names are built. `pattern`: fmg = family middle given; gc = given clan; cg = clan given;
    g = given only (given names then carry their prefix: "A Thút", "Y Ngọc", "K'Brơi", "H'Nhi")."""

    pattern: str
    families: tuple[tuple[str, ...], np.ndarray]
    male_middle: tuple[tuple[str, ...], tuple[str, ...]]  # (born before 1985, after)
    female_middle: tuple[tuple[str, ...], tuple[str, ...]]
    male_given: tuple[tuple[str, ...], tuple[str, ...]]
    female_given: tuple[tuple[str, ...], tuple[str, ...]]
    matrilineal: bool = False


def _style(
    pattern: str,
    families: str,
    male_middle: str,
    female_middle: str,
    male_given: str,
    female_given: str,
    matrilineal: bool = False,
) -> _NameStyle:
    both = lambda pool: (pool, pool)  # noqa: E731
    return _NameStyle(
        pattern=pattern,
        families=_weighted(families) if families else ((), np.array([])),
        male_middle=both(_nfc_pool(male_middle)),
        female_middle=both(_nfc_pool(female_middle)),
        male_given=both(_nfc_pool(male_given)),
        female_given=both(_nfc_pool(female_given)),
        matrilineal=matrilineal,
    )


def _kinh_style(region_key: str) -> _NameStyle:
    return _NameStyle(
        pattern="fmg",
        families=_KINH_FAMILIES[region_key],
        male_middle=(_KINH_MALE_MIDDLE_OLD, _KINH_MALE_MIDDLE_YOUNG),
        female_middle=(_KINH_FEMALE_MIDDLE_OLD, _KINH_FEMALE_MIDDLE_YOUNG),
        male_given=(_KINH_MALE_GIVEN_OLD, _KINH_MALE_GIVEN_YOUNG),
        female_given=(_KINH_FEMALE_GIVEN_OLD, _KINH_FEMALE_GIVEN_YOUNG),
    )


_KINH_GIVEN_M = ",".join(_KINH_MALE_GIVEN_OLD[:30])
_KINH_GIVEN_F = ",".join(_KINH_FEMALE_GIVEN_OLD[:30])
# Name styles, one block each: "[key] pattern" then "family:", "male middle:", "female middle:", "male given:",
# "female given:" lines (comma-separated; a field may continue on a second line with the same label; "KINH" = the
# Kinh given names; no middle line = no middle name). Ê-đê and Gia-rai pass the clan name through the mother.
_STYLE_TABLE = """
[tay_nung] fmg
family: Hoàng 18, Nông 12, Lục 5, Lương 7, Triệu 5, Bế 5, Ma 5, Hà 6, Vi 5, Lộc 3, Đinh 4, La 3, Mạc 3, Lăng 2
family: Hứa 3, Chu 3, Nguyễn 6, Lý 3
male middle: Văn
female middle: Thị
male given: KINH
female given: KINH
[thai] fmg
family: Lò 20, Lường 12, Cầm 8, Quàng 7, Hà 10, Vi 8, Lê 6, Tòng 6, Điêu 4, Sầm 3, Lù 4, Bạc 3, Mè 2
male middle: Văn
female middle: Thị
male given: Ún, Pánh, Phăn, Ính, Sương, Xiêng, Chiến, Thanh, Hùng, Tuấn, Khăm, Pấng, Chăn, Panh, Thoan
female given: Ún, Xiêng, Bun, Ánh, Nga, Lả, Hoa, Thoa, Phóng, Lan, Ín, Sương, Thiêm, Pọm
[muong] fmg
family: Bùi 25, Đinh 20, Quách 12, Hà 10, Bạch 6, Xa 5, Cao 5, Nguyễn 10, Phạm 7
male middle: Văn
female middle: Thị
male given: KINH
female given: KINH
[mong] fmg
family: Giàng 16, Vàng 14, Sùng 12, Thào 12, Lầu 7, Hầu 6, Lý 8, Mùa 6, Hờ 4, Ly 4, Tráng 4, Cứ 3, Vừ 4
male middle: A, A, Seo, Mí, Chẩn, Văn
female middle: Thị
male given: Páo, Sử, Chứ, Dế, Lử, Pó, Sính, Chư, Tủa, Dình, Vả, Súa, Lềnh, Mua, Chá, Tông, Nhè, Pao
female given: Mỷ, Dở, Sua, Pà, Mỉ, Dợ, Chi, Máy, Mai, Sở, Chia, Của, Lan, Say, Dung
[dao] fmg
family: Triệu 22, Bàn 20, Đặng 18, Lý 12, Chảo 10, Phàn 6, Tẩn 6, Sần 3
male middle: Văn, Văn, Láo, Kiềm, Phù, Seo
female middle: Thị, Thị, Mùi
male given: Sinh, Quẩy, Phin, Chòi, Tòng, Vần, Lở, Chài, Phú, Kiều, Dũng, Minh
female given: Mẩy, Chiêu, Liềm, Nái, Xuân, Lan, Hoa, Sinh, Mai, Dung
[hoa] fmg
family: Lâm 14, Quách 8, Lý 12, Trần 10, Trương 10, Hứa 6, Mã 6, Châu 8, Tăng 6, Diệp 5, Hồng 4, Lưu 6, Vương 5
male middle: Văn, Quốc, Gia, Vĩnh, Chí
female middle: Thị, Mỹ, Lệ, Tuyết, Ngọc
male given: Kiệt, Quang, Phát, Vĩnh, Cường, Hùng, Minh, Huy, Khải, Thông, Tài, Lương
female given: Huê, Muội, Mỹ, Linh, Phương, Lan, Hoa, Ngọc, Vân, Hân, Bình
[khmer] fmg
family: Thạch 25, Sơn 18, Kim 12, Danh 12, Lâm 8, Chau 8, Lý 5, Trần 4, Huỳnh 4, Dương 4
female middle: Thị
male given: Sóc, Phol, Sô Phal, Chanh Đa, Sa Rươne, Kha, Ni, Sang, Hên, Sóc Khum, Pho, Sa Vát, Đa Ra
female given: Sa Rây, Sa Ly, Ri Na, Sô Phia, Sa Vên, Chanh Thi, Mây, Thu, Sóc Kha, Ni Ta, Sa Rinh, Sô Phi
[cham] fmg
family: Đàng 20, Quảng 12, Thông 10, Lưu 8, Phú 8, Thuận 8, Châu 6, Trượng 5, Báo 4, Hán 5
male middle: Văn, Năng
female middle: Thị
male given: Năng, Sa, Ja, Thọ, Sanh, Tài, Phú, Hải, Quang, Sơn
female given: Hoa, Thu, Lan, Mai, Ngọc, Năng, Sương, Thị Hà, Sen
[ede] gc
family: Niê 20, Ayun 12, Êban 10, Byă 10, Mlô 8, Adrơng 8, Ksơr 8, Hđơk 6, Knul 6, Buôn Yă 5
male given: Y Bhin, Y Khuê, Y Đhăm, Y Jơn, Y Thuột, Y Sang, Y Ngơn, Y Ju, Y Blin, Y Kông, Y Tlang, Y Phê
female given: H'Nhi, H'Bia, H'Lan, H'Mai, H'Hen, H'Ra, H'Bơ, H'Duen, H'Yim, H'Juen, H'Ngăm
[jarai] cg
family: Siu 18, Rơ Châm 12, Ksor 16, Rơ Mah 12, Nay 12, Kpă 10, Rah Lan 8, Puih 8, Rơ Lan 6
male given: Blênh, Phước, Dơn, Thuyên, Nhen, Yuh, Hyưk, Deh, Bông, Rin, Thơ
female given: H'Phin, H'Ngơn, H'Bơ, H'Lan, H'Jen, H'Trang, H'Hrứ, H'Bia, H'Dơk
[bana] g
male given: A Thút, A Nhưm, A Blong, A Tho, A Hyui, A Nhơm, A Krong, A Đứp, A Plun, A Bưn, A Thanh, A Rin
female given: Y Ngọc, Y Nhân, Y Hlin, Y Bưn, Y Blơi, Y Phương, Y Rin, Y Tuyết, Y Hoa, Y Lan
[coho] g
male given: K'Brơi, K'Điểu, K'Sơn, K'Dũng, K'Tuấn, K'Nhiên, K'Đôn, K'Bình, K'Plin
female given: Ka Điệp, Ka Hoa, Ka Thoa, Ka Lý, Ka Nhung, Ka Bố, Ka Hin, Ka Hương
[mnong] g
male given: Điểu Đoan, Điểu Lới, Điểu Kré, Điểu Ray, Điểu Bê, Điểu Khanh, Điểu Nhon
female given: Thị Bích, Thị Hoa, Thị Mai, Thị Ngọc, Thị Hang, Thị Sía
[central] fmg
family: Hồ 30, Alăng 8, Bhling 6, Zơrâm 5, Pơloong 4, Kăn 5, Pả 5, Pinăng 6, Mấu 5, Chamaléa 5, Đinh 10, Quách 4
family: Lò 4
male middle: Văn
female middle: Thị
male given: KINH
female given: KINH
"""
_MATRILINEAL = {"ede", "jarai"}


def _styles_from_table(table: str) -> dict[str, _NameStyle]:
    blocks: dict[str, dict[str, list[str]]] = {}
    patterns: dict[str, str] = {}
    for line in table.strip().splitlines():
        if line.startswith("["):
            key, pattern = line[1:].split("] ")
            blocks[key], patterns[key] = defaultdict(list), pattern
        else:
            label, values = line.split(":", 1)
            blocks[key][label].append(values.strip())

    def field(key: str, label: str, kinh: str = "") -> str:
        text = ", ".join(blocks[key].get(label, []))
        return kinh if text == "KINH" else text

    return {
        key: _style(
            patterns[key],
            field(key, "family"),
            field(key, "male middle"),
            field(key, "female middle"),
            field(key, "male given", _KINH_GIVEN_M),
            field(key, "female given", _KINH_GIVEN_F),
            matrilineal=key in _MATRILINEAL,
        )
        for key in blocks
    }


NAME_STYLES: dict[str, _NameStyle] = {
    "kinh_north": _kinh_style("north"),
    "kinh_centre": _kinh_style("centre"),
    "kinh_south": _kinh_style("south"),
    **_styles_from_table(_STYLE_TABLE),
}
# Ethnicity codes → name style; any other minority: tay_nung.
_STYLE_BY_ETHNICITY = {
    code: style
    for style, codes in (
        ("tay_nung", "02 07 15 18 25"), ("thai", "03 29 42 37"), ("muong", "06 24"), ("mong", "08 35 41 43"),
        ("dao", "09"), ("hoa", "04 11"), ("khmer", "05"), ("cham", "17"), ("ede", "12"), ("jarai", "10"),
        ("bana", "13 14 19 27 30 52 54"), ("coho", "16 28 36"), ("mnong", "20 22 32"),
    )
    for code in codes.split()
}  # fmt: skip
_KINH_STYLE_BY_REGION: dict[str, str] = {
    Region.NORTHERN_MIDLANDS_MOUNTAINS: "kinh_north", Region.RED_RIVER_DELTA: "kinh_north",
    Region.NORTH_CENTRAL_COAST: "kinh_centre", Region.CENTRAL_HIGHLANDS: "kinh_centre",
    Region.SOUTHEAST: "kinh_south", Region.MEKONG_DELTA: "kinh_south",
}  # fmt: skip
_STYLE_KEYS = tuple(NAME_STYLES)

OCCUPATIONS = {
    Employment.FARMING: _nfc_pool(
        "Trồng lúa,Trồng ngô - sắn,Chăn nuôi,Trồng rừng,Làm vườn,Trồng chè,Nuôi trồng thủy sản"
    ),
    Employment.SELF_EMPLOYED: _nfc_pool("Buôn bán nhỏ,Thợ may,Sửa xe,Bán hàng ăn,Thợ mộc,Cắt tóc,Xe ôm"),
    Employment.WAGE: _nfc_pool("Công nhân,Công nhân may,Lái xe,Bảo vệ,Nhân viên bán hàng,Thợ điện"),
}
QUALIFIED_WORK = _nfc_pool("Giáo viên,Nhân viên văn phòng,Kỹ sư,Y sĩ,Kế toán,Cán bộ xã")
CASUAL_WORK = _nfc_pool("Làm thuê,Phụ hồ,Làm thuê thời vụ,Bốc vác,Giúp việc")
