"""Display formats used across the product: money "1.234.567 đ", dates "dd/mm/yyyy"."""

import datetime


def format_vnd(amount: int | None) -> str:
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + " đ"


def format_date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""
