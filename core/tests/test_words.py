import pytest

from core.words import number_in_words, vnd_in_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1_001, "một nghìn không trăm linh một"),
        (12_000, "mười hai nghìn"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_000_500, "một triệu năm trăm"),
        (2_500_000_000, "hai tỷ năm trăm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (
            987_654_321_000,
            "chín trăm tám mươi bảy tỷ sáu trăm năm mươi bốn triệu ba trăm hai mươi mốt nghìn",
        ),
        (-31, "âm ba mươi mốt"),
    ],
)
def test_it_reads_numbers_as_vietnamese_receipts_do(n, words):
    assert number_in_words(n) == words


def test_it_writes_an_amount_of_dong_with_a_capital():
    assert vnd_in_words(12_000) == "Mười hai nghìn đồng"
