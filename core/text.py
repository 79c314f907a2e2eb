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
