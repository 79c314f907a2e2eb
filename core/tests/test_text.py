import unicodedata

from core.formatting import format_date, format_vnd
from core.text import nfc, search_key


def test_it_folds_both_unicode_spellings_to_one_key():
    precomposed_new = "Nguyễn Thị Hoà"  # tone on a (new style)
    precomposed_old = "Nguyễn Thị Hòa"  # tone on o (old style)
    decomposed = unicodedata.normalize("NFD", precomposed_new)
    assert search_key(precomposed_new) == "nguyen thi hoa"
    assert search_key(precomposed_old) == "nguyen thi hoa"
    assert search_key(decomposed) == "nguyen thi hoa"


def test_it_maps_d_with_stroke():
    assert search_key("Đặng Văn Đức") == "dang van duc"


def test_it_normalises_to_nfc_and_folds_spaces():
    value = unicodedata.normalize("NFD", "  Lê   Thị  Ánh ")
    assert nfc(value) == "Lê Thị Ánh"
    assert unicodedata.is_normalized("NFC", nfc(value))


def test_it_formats_money_and_dates():
    import datetime

    assert format_vnd(1234567) == "1.234.567 đ"
    assert format_vnd(-5000) == "-5.000 đ"
    assert format_vnd(0) == "0 đ"
    assert format_date(datetime.date(2025, 7, 1)) == "01/07/2025"
