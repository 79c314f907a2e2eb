import pytest
from hypothesis import given
from hypothesis import strategies as st

from dues.split import split_amount

shares = st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=6).filter(
    lambda ws: sum(ws) > 0
)


@given(amount=st.integers(min_value=-(10**12), max_value=10**12), weights=shares)
def test_it_never_loses_a_dong(amount, weights):
    parts = split_amount(amount, {f"k{i}": w for i, w in enumerate(weights)})
    assert sum(parts.values()) == amount


@given(amount=st.integers(min_value=0, max_value=10**12), weights=shares)
def test_it_keeps_each_part_within_one_dong_of_its_exact_share(amount, weights):
    total = sum(weights)
    parts = split_amount(amount, {f"k{i}": w for i, w in enumerate(weights)})
    for i, w in enumerate(weights):
        exact = amount * w / total
        assert exact - 1 < parts[f"k{i}"] < exact + 1
        if w == 0:
            assert parts[f"k{i}"] == 0


def test_it_splits_the_red_cross_default_exactly():
    assert split_amount(12_000, {"branch": 50, "base": 30, "above": 20}) == {
        "branch": 6_000,
        "base": 3_600,
        "above": 2_400,
    }


def test_it_gives_the_leftover_dong_to_the_largest_remainders():
    # 10 đ by thirds: 3.33 each, one đồng left goes to the first of the equal remainders.
    assert split_amount(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert split_amount(7, {"branch": 50, "base": 30, "above": 20}) == {
        "branch": 4,  # 3.5
        "base": 2,  # 2.1
        "above": 1,  # 1.4
    }


def test_it_refuses_shares_adding_to_nothing():
    with pytest.raises(ValueError):
        split_amount(100, {"a": 0})
