import unicodedata

from giamngheo.common.text import fold, nfc


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
