"""Small factories for the project tests."""

import datetime

from aid.tests.factories import beneficiary

D = datetime.date


def households(actor, unit, n: int, prefix: str = "Hộ"):
    names = ["Lường Văn An", "Hoàng Thị Bích", "Nông Văn Cường", "Triệu Thị Dung", "Đinh Văn Em",
             "Lý Thị Giang", "Ma Văn Hùng", "Bế Thị Lan"]  # fmt: skip
    return [
        beneficiary(actor, unit, names[i], categories=("poor",), year=1970 + i) for i in range(n)
    ]
