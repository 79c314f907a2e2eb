"""Display formats: numbers "3.321", money "1.234.567 đ", dates "dd/mm/yyyy"."""

import datetime


def format_number(value: int | None) -> str:
    """Whole numbers the Vietnamese way: thousands separated by dots, "3.321"."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(int(value)):,}".replace(",", ".")


def format_vnd(amount: int | None) -> str:
    if amount is None:
        return ""
    return format_number(amount) + " đ"


def format_date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
