"""Behaviour of the generic sequence diff: valid opcodes, shortest scripts for few edits, bounded work."""
from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from draftkit import sequence
from draftkit.sequence import Opcode, interleave, longest_increasing, opcodes


def lcs_length(a: list[int], b: list[int]) -> int:
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def matched(a: list[int], b: list[int], ops: list[Opcode]) -> int:
    """Check the opcodes cover both sequences in order and keep only equal items; return items kept."""
    i = j = kept = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        assert tag == {(True, True): "replace", (True, False): "delete", (False, True): "insert"}.get(
            (i2 > i1, j2 > j1), tag
        ) or tag == "equal"
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
            kept += i2 - i1
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return kept


def edited(a: list[int], rng: random.Random, edits: int, alphabet: int) -> list[int]:
    b = list(a)
    for _ in range(edits):
        at = rng.randint(0, len(b))
        roll = rng.random()
        if roll < 0.4 or not b:
            b.insert(at, rng.randrange(alphabet + 3))
        elif roll < 0.7:
            del b[min(at, len(b) - 1)]
        else:
            b[min(at, len(b) - 1)] = rng.randrange(alphabet + 3)
    return b


@settings(max_examples=300, deadline=None)
@given(a=st.lists(st.integers(0, 4), max_size=40), b=st.lists(st.integers(0, 4), max_size=40))
def test_opcodes_are_valid_for_any_pair(a: list[int], b: list[int]) -> None:
    matched(a, b, opcodes(a, b))


@pytest.mark.parametrize("seed", range(100))
def test_few_edits_get_a_shortest_script(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = rng.choice([2, 5, 50])
    a = [rng.randrange(alphabet) for _ in range(rng.randint(0, 60))]
    b = edited(a, rng, rng.randint(0, 5), alphabet)
    assert matched(a, b, opcodes(a, b)) == lcs_length(a, b)


@pytest.mark.parametrize("seed", range(20))
def test_large_inputs_take_every_path_and_stay_valid(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sequence, "SMALL", 16)
    monkeypatch.setattr(sequence, "PAIR_LIMIT", 8)
    monkeypatch.setattr(sequence, "ROUND_LIMIT", 4)
    rng = random.Random(seed)
    a = [rng.randrange(6) for _ in range(300)]
    b = edited(a, rng, 30, 6)
    assert matched(a, b, opcodes(a, b)) >= len(a) - 60


def test_an_exhausted_budget_still_gives_valid_opcodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sequence, "STEP_BUDGET", 10)
    rng = random.Random(1)
    a = [rng.randrange(3) for _ in range(500)]
    b = [rng.randrange(3) for _ in range(500)]
    matched(a, b, opcodes(a, b))


def test_a_changed_copy_of_a_repeated_item_is_replaced_in_place() -> None:
    a = ["X"] * 10
    b = ["X"] * 4 + ["C"] + ["X"] * 5
    assert opcodes(a, b) == [("equal", 0, 4, 0, 4), ("replace", 4, 5, 4, 5), ("equal", 5, 10, 5, 10)]


def test_items_may_be_any_hashable() -> None:
    assert opcodes(["a", ("b",), 3], ["a", 3]) == [("equal", 0, 1, 0, 1), ("delete", 1, 2, 1, 1), ("equal", 2, 3, 1, 2)]


def test_a_long_repetitive_sequence_with_scattered_edits_is_diffed_quickly_and_closely() -> None:
    rng = random.Random(3)
    a = list(range(20)) * 3000
    b = edited(a, rng, 100, 20)
    start = time.perf_counter()
    ops = opcodes(a, b)
    elapsed = time.perf_counter() - start
    assert matched(a, b, ops) >= len(a) - 100
    assert elapsed < 30  # a guard against a quadratic blow-up (hours), not a benchmark


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(0, 30), max_size=12, unique=True))
def test_longest_increasing_returns_a_longest_run(values: list[int]) -> None:
    positions = longest_increasing(values)
    picked = [values[p] for p in positions]
    assert positions == sorted(positions) and picked == sorted(picked)
    best = 0
    for mask in range(1 << len(values)):
        chosen = [v for k, v in enumerate(values) if mask >> k & 1]
        if chosen == sorted(chosen):
            best = max(best, len(chosen))
    assert len(positions) == best


def test_longest_increasing_keeps_the_earliest_of_equal_runs() -> None:
    assert longest_increasing([0, 1, 3, 2]) == [0, 1, 2]
    assert longest_increasing([1, 0]) == [0]
    assert longest_increasing([]) == []


def test_interleave_follows_b_and_puts_a_only_parts_after_the_last_kept_pair_before_them() -> None:
    # a = [A, X, B, C, D], b = [A, N, C, D, B]: X dropped, N added, B moved after D
    assert interleave(5, 5, {0: 0, 2: 3, 3: 4, 4: 2}) == [
        ("matched", 0, 0), ("dropped", 1, None), ("moved_from", 2, 4), ("added", None, 1),
        ("matched", 3, 2), ("matched", 4, 3), ("moved", 2, 4),
    ]


def test_interleave_of_nothing_matched_lists_a_first() -> None:
    assert interleave(2, 1, {}) == [("dropped", 0, None), ("dropped", 1, None), ("added", None, 0)]
