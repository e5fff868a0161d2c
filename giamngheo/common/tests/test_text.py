import unicodedata

from giamngheo.common.text import fold, nfc, sort_key


def test_fold_writes_vietnamese_names_without_diacritics_or_case():
    assert fold("Nguyễn Văn An") == "nguyen van an"
    assert fold("ĐẶNG Thị Đào") == "dang thi dao"


def test_nfc_and_fold_treat_precomposed_and_decomposed_text_alike():
    decomposed = unicodedata.normalize("NFD", "Trần Thị Hương")
    assert decomposed != "Trần Thị Hương"
    assert nfc(decomposed) == "Trần Thị Hương"
    assert fold(decomposed) == fold("Trần Thị Hương") == "tran thi huong"


def test_nfc_collapses_white_space():
    assert nfc("  Lê   Văn\tBình ") == "Lê Văn Bình"


def test_sort_key_orders_names_in_the_vietnamese_alphabet_not_by_code_point():
    names = ["Phường Âu Lâu", "Bảo Yên", "Phường Bắc Lý", "Đông Hà", "Bảo Ái", "Dương Kinh", "Phường An Lạc", "Ô Môn"]
    assert sorted(names, key=sort_key) == [
        "Bảo Ái",
        "Bảo Yên",
        "Dương Kinh",
        "Đông Hà",
        "Ô Môn",
        "Phường An Lạc",
        "Phường Âu Lâu",
        "Phường Bắc Lý",
    ]
    assert sorted(names) != sorted(names, key=sort_key)  # raw Unicode puts Â, Đ and Ô after every plain letter


def test_sort_key_weighs_the_letters_before_the_tones_and_the_tones_in_their_order():
    # Tones decide only between words spelt alike: none, huyền, hỏi, ngã, sắc, nặng.
    assert sorted(["Mạ", "Mac", "Má", "Mã", "Ma", "Mả", "Mà"], key=sort_key) == [
        "Ma",
        "Mà",
        "Mả",
        "Mã",
        "Má",
        "Mạ",
        "Mac",
    ]
    assert sort_key(unicodedata.normalize("NFD", "Bảo Yên")) == sort_key("Bảo Yên")
