"""Amounts in Vietnamese words, as receipts and vouchers write them under the figures:
12.000 → "Mười hai nghìn đồng", 1.005.000 → "Một triệu không trăm linh năm nghìn đồng".

The reading of accounting documents: groups of three digits with "nghìn", "triệu", "tỷ" (and
"nghìn tỷ"…); a group after the first is read in full ("không trăm", "linh"); "mốt" for a final
1 after "mươi", "lăm" for a final 5 after a ten, "mười" for a ten of 1.
"""

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 1_000_000_000


def _hundreds(n: int, full: bool) -> list[str]:
    """A group of three digits (1–999); ``full``: read its hundreds and "linh" even when zero."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens >= 2:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    """0 < n < 1 tỷ; ``full``: not the number's first group (read "không trăm", "linh")."""
    words: list[str] = []
    for scale, name in ((1_000_000, "triệu"), (1_000, "nghìn"), (1, "")):
        group = n // scale % 1000
        if group:
            words += _hundreds(group, full or bool(words))
            if name:
                words.append(name)
    return words


def _words(n: int, full: bool = False) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        words = _words(high, full) + ["tỷ"]
        return words + (_below_billion(low, True) if low else [])
    return _below_billion(n, full)


def number_in_words(n: int) -> str:
    """``n`` in Vietnamese words, lower case: 21 → "hai mươi mốt"."""
    n = int(n)
    if n == 0:
        return _DIGITS[0]
    words = _words(abs(n))
    return ("âm " if n < 0 else "") + " ".join(words)


def vnd_in_words(amount: int) -> str:
    """An amount of đồng as a receipt writes it: "Mười hai nghìn đồng"."""
    text = f"{number_in_words(amount)} đồng"
    return text[0].upper() + text[1:]
