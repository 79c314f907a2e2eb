"""Vietnamese text helpers: Unicode normalisation and accent-insensitive search keys."""

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str | None) -> str:
    """Return ``value`` in NFC with runs of white space folded to one space."""
    if not value:
        return ""
    return " ".join(unicodedata.normalize("NFC", value).split())


def search_key(value: str | None) -> str:
    """Lowercase, diacritic-free key: "Nguyễn Thị Hoà" and "Nguyễn Thị Hòa" -> "nguyen thi hoa".

    Both Unicode spellings (precomposed and combining marks, old and new tone placement) give
    the same key because all combining marks are dropped after canonical decomposition.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# Vietnamese alphabet order (a ă â b c d đ e ê ...), then the six tones (ngang, huyền, hỏi, ngã,
# sắc, nặng) as a second level. Keys are all digits so every database collation (C, en_US, vi_VN)
# orders them the same way.
_ALPHABET = "aăâbcdđefghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {ch: f"{i + 10:02d}" for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_SHAPES = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
_CODE_LETTER = {v: k for k, v in _LETTER_CODE.items()}


def given_name_first(full_name: str) -> str:
    """ "Nguyễn Thị Hoà" -> "Hoà Nguyễn Thị": the order Vietnamese lists are sorted in."""
    words = nfc(full_name).split()
    return " ".join(words[-1:] + words[:-1])


def _spell(ch: str, primary: list[str]) -> bool:
    """Add a decomposed character to a key's letters: a base letter is appended, a shape mark
    (breve, circumflex, horn, the bar of đ) turns the last letter into its shaped one. False
    for anything else."""
    if ch in _SHAPES:
        if primary:
            shaped = unicodedata.normalize("NFC", _CODE_LETTER.get(primary[-1], "") + ch)
            primary[-1] = _LETTER_CODE.get(shaped, primary[-1])
        return True
    if ch in _LETTER_CODE:
        primary.append(_LETTER_CODE[ch])
        return True
    return False


def vn_sort_key(full_name: str | None) -> str:
    """A sort key for a Vietnamese name: by given name, then family and middle names, with the
    Vietnamese letter order and the tone of each syllable as a second level.

    Both Unicode spellings and both tone placements ("Hoà", "Hòa") give the same key.
    """
    if not full_name:
        return ""
    primary: list[str] = []
    tones: list[str] = []
    for word in given_name_first(full_name).lower().split():
        if primary:
            primary.append("00")
        tone = "0"
        for ch in unicodedata.normalize("NFD", word):
            if ch in _TONES:
                tone = _TONES[ch]
            elif not _spell(ch, primary) and ch.isdigit():
                primary.append("0" + ch if ch != "0" else "01")
        tones.append(tone)
    return "".join(primary) + "00" + "".join(tones)


def vn_text_key(text: str | None) -> str:
    """A sort key for a Vietnamese name of a place or unit, word by word in the order written:
    the Vietnamese letter order ("Đại Lộc" < "Đắc Pring" < "Điện Bàn" < "Thanh Khê"), numbers
    by value ("Chi hội 2" < "Chi hội 10", before any letter), then tones as a second level.

    All digits, like :func:`vn_sort_key`, so every database collation orders it the same way.
    """
    if not text:
        return ""
    primary: list[str] = []
    tones: list[str] = []
    for word in nfc(text).lower().split():
        if primary:
            primary.append("00")
        tone, digits = "0", ""
        for ch in unicodedata.normalize("NFD", word) + " ":
            if ch.isdigit() and ch.isascii():
                digits += ch
                continue
            if digits:
                # A run of digits by value: "0", its length, the digits (shorter numbers first).
                number = digits.lstrip("0") or "0"
                primary.append(f"0{min(len(number), 9)}{number}")
                digits = ""
            if ch in _TONES:
                tone = _TONES[ch]
            else:
                _spell(ch, primary)
        tones.append(tone)
    return "".join(primary) + "00" + "".join(tones)
