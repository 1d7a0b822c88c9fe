"""Work divided among forked copies of this process: every part's result, in order; a failure is raised here."""

from __future__ import annotations

import os

import pytest

from govreport.run.division import divide


def _sum_and_pid(chunk: list[int]) -> tuple[int, int]:
    return sum(chunk), os.getpid()


def test_each_part_is_computed_once_in_order_and_all_but_the_first_in_a_copy():
    found = divide(_sum_and_pid, [1, 2, 3, 4, 5], parts=2)
    # interleaved parts: [1, 3, 5] here, [2, 4] in a forked copy
    assert [total for total, _ in found] == [9, 6]
    assert found[0][1] == os.getpid() and found[1][1] != os.getpid()


def test_fewer_items_than_parts_and_no_items():
    assert divide(sum, [7], parts=4) == [7]
    assert divide(len, [], parts=2) == [0]


def _fail(chunk: list[int]) -> int:
    if 2 in chunk:
        raise ValueError("two is not allowed")
    return sum(chunk)


def test_a_failure_in_a_copy_is_raised_here_by_name():
    with pytest.raises(RuntimeError, match="ValueError: two is not allowed"):
        divide(_fail, [1, 2], parts=2)
