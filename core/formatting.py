"""Display formats: numbers "3.321" and "3,25" (English: "3,321" and "3.25"), money
"1.234.567 đ", dates "dd/mm/yyyy"."""

import datetime

from django.utils.translation import get_language


def separators() -> tuple[str, str]:
    """(thousands, decimal) of the active language: Vietnamese "1.234,5", English "1,234.5"."""
    language = get_language() or ""
    return (",", ".") if language.startswith("en") else (".", ",")


def localize_digits(text: str, seps: tuple[str, str] | None = None) -> str:
    """A number Python formatted ("1,234.5") with the active language's separators."""
    thousands, decimal = seps or separators()
    if thousands == ",":
        return text
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_number(value: int | None) -> str:
    """Whole numbers with the thousands grouped: "3.321" (English "3,321")."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return localize_digits(f"{sign}{abs(int(value)):,}")


def format_decimal(value: float | None, decimals: int = 1) -> str:
    """A number with ``decimals`` places: "3,03" (English "3.03")."""
    if value is None:
        return ""
    return localize_digits(f"{value:,.{decimals}f}")


def format_vnd(amount: int | None) -> str:
    if amount is None:
        return ""
    return format_number(amount) + " đ"


def format_date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_vnd_rounded(amount: int | None) -> str:
    """An amount of đồng as a narrative report writes it: rounded down to the tỷ or the triệu,
    "hơn" when something was left off: 3.000.000.000 → "3 tỷ đồng", 3.250.000.000 → "hơn 3,2
    tỷ đồng", 120.500.000 → "hơn 120 triệu đồng"; below one million in full ("350.000 đồng")."""
    if amount is None:
        return ""
    amount = int(amount)
    sign, n = ("-", -amount) if amount < 0 else ("", amount)
    for scale, word in ((1_000_000_000, "tỷ"), (1_000_000, "triệu")):
        if n >= scale:
            # one decimal below ten of the unit ("3,2 tỷ"), whole ones from ten on ("120 triệu")
            step = scale // 10 if n < 10 * scale else scale
            kept = n - n % step
            head = format_decimal(kept / scale, 1) if step < scale else format_number(kept // scale)
            if step < scale and kept % scale == 0:
                head = format_number(kept // scale)
            more = "hơn " if kept != n else ""
            return f"{sign}{more}{head} {word} đồng"
    return f"{sign}{format_number(n)} đồng"
