"""Splitting an amount of đồng between levels by percentages, never losing a đồng."""

from collections.abc import Mapping


def split_amount(amount: int, shares: Mapping[str, int]) -> dict[str, int]:
    """``amount`` split by ``shares`` (whole percentages or any weights), largest remainder first.

    Every part is the floor of its exact share; the đồng left over go one each to the parts with
    the largest fractional remainders (ties: the order of ``shares``). The parts always sum to
    ``amount``. A negative amount (a reversal) is split like its opposite, then negated.
    """
    if amount < 0:
        return {k: -v for k, v in split_amount(-amount, shares).items()}
    total = sum(shares.values())
    if total <= 0:
        raise ValueError("shares must add up to more than zero")
    if any(w < 0 for w in shares.values()):
        raise ValueError("shares must not be negative")
    parts: dict[str, int] = {}
    remainders: list[tuple[int, int, str]] = []
    for i, (key, weight) in enumerate(shares.items()):
        q, r = divmod(amount * weight, total)
        parts[key] = q
        remainders.append((-r, i, key))
    left = amount - sum(parts.values())
    for _r, _i, key in sorted(remainders)[:left]:
        parts[key] += 1
    return parts
