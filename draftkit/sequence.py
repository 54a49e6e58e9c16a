"""Generic diff of two sequences of hashable items, never quadratic on long or repetitive input.

A region is first trimmed of its common prefix and suffix. Small regions get their shortest edit
script if it is short, else difflib's matching (it reads better on a rewrite). Larger ones are
cut at patience anchors (items unique on both sides, kept in order by a longest increasing
subsequence) and each gap is solved the same way. A large region with no anchor goes to a greedy
Myers search in rounds of at most ROUND_LIMIT edits: when a round limit is hit, the furthest path found
is kept and the search goes on from its end (the heuristic of git's xdiff). A diff spends at most
STEP_BUDGET Myers steps; whatever is left after that is reported as one replacement.

`interleave` orders a matching of two sequences' parts (sections) for output, moves included.
"""
from __future__ import annotations

import operator
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher
from itertools import islice, pairwise
from typing import Literal

Tag = Literal["equal", "replace", "delete", "insert"]
Step = Literal["matched", "moved", "moved_from", "added", "dropped"]
Opcode = tuple[Tag, int, int, int, int]    # as difflib: tag, a[i1:i2], b[j1:j2]
Block = tuple[int, int, int]               # a[i:i + n] == b[j:j + n]
Region = tuple[int, int, int, int]         # a[alo:ahi] against b[blo:bhi]

SMALL = 4_096            # len(a) * len(b) up to which a region is solved directly
FEW_EDITS = 24           # in such a region, edits up to which the shortest edit script is used
PAIR_LIMIT = 50_000      # equal-item pairs up to which difflib may solve a region with no anchor
ROUND_LIMIT = 400        # edits one Myers search explores before keeping its furthest path
STEP_BUDGET = 1_000_000  # Myers steps for one whole diff (about a second at worst)


class _Budget:
    """The Myers steps one whole diff may still take."""

    __slots__ = ("steps",)

    def __init__(self, steps: int) -> None:
        self.steps = steps


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """Return difflib-style opcodes that turn `a` into `b`."""
    ids: dict[Hashable, int] = {}
    x = [ids.setdefault(item, len(ids)) for item in a]
    y = [ids.setdefault(item, len(ids)) for item in b]
    blocks = matching_blocks(x, y)
    if _has_runs(x) or _has_runs(y):
        blocks = _settle_runs(x, y, blocks)
    return _to_opcodes(blocks, len(x), len(y))


def matching_blocks(a: list[int], b: list[int]) -> list[Block]:
    """Return the runs common to `a` and `b`, in order, adjacent runs merged."""
    budget = _Budget(STEP_BUDGET)
    found: list[Block] = []
    stack: list[Region] = [(0, len(a), 0, len(b))]
    while stack:
        blocks, regions = _solve(a, b, stack.pop(), budget)
        found += blocks
        stack += regions
    return _merge(sorted(found))


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Return the positions of a longest strictly increasing subsequence of `values`, the earliest ones."""
    starts: list[int] = []      # starts[k]: minus the largest value that begins a run of length k + 1
    length = [0] * len(values)  # length of the longest run beginning at each position
    for pos in reversed(range(len(values))):
        k = bisect_left(starts, -values[pos])
        starts[k:k + 1] = [-values[pos]]
        length[pos] = k + 1
    out: list[int] = []
    need = len(starts)
    for pos, value in enumerate(values):
        if need and length[pos] == need and (not out or value > values[out[-1]]):
            out.append(pos)
            need -= 1
    return out


def interleave(len_a: int, len_b: int, match: dict[int, int]) -> list[tuple[Step, int | None, int | None]]:
    """Order a partial matching (b index -> a index) of a against b for output, moves included.

    Steps follow b; matched pairs off the longest run kept in order (the earliest of equal runs) are
    "moved" at b's place and "moved_from" at a's. An a-only step ("dropped", "moved_from") comes right
    after the last kept pair that precedes it in a, before anything b adds there.
    """
    pairs = sorted(match.items())
    kept = {pairs[t][1] for t in longest_increasing([i for _, i in pairs])}
    where = {i: j for j, i in match.items()}
    after: dict[int, list[tuple[Step, int | None, int | None]]] = {-1: []}
    anchor = -1
    for i in range(len_a):
        if i in kept:
            anchor = i
            after[i] = []
        else:
            after[anchor].append(("moved_from", i, where[i]) if i in where else ("dropped", i, None))
    plan = list(after[-1])
    for j in range(len_b):
        source = match.get(j)
        if source is None:
            plan.append(("added", None, j))
        elif source not in kept:
            plan.append(("moved", source, j))
        else:
            plan += [("matched", source, j), *after[source]]
    return plan


def _solve(a: list[int], b: list[int], region: Region, budget: _Budget) -> tuple[list[Block], list[Region]]:
    """Return the blocks found in one region and the sub-regions still to solve."""
    alo, ahi, blo, bhi = region
    head = _run_forward(a, b, alo, blo, min(ahi - alo, bhi - blo))
    tail = _run_backward(a, b, ahi, bhi, min(ahi - alo, bhi - blo) - head)
    edges = [blk for blk in ((alo, blo, head), (ahi - tail, bhi - tail, tail)) if blk[2]]
    alo, ahi, blo, bhi = alo + head, ahi - tail, blo + head, bhi - tail
    if alo == ahi or blo == bhi:
        return edges, []
    if (ahi - alo) * (bhi - blo) <= SMALL:
        return edges + _small(a, b, (alo, ahi, blo, bhi)), []
    count_a, count_b = Counter(a[alo:ahi]), Counter(b[blo:bhi])
    anchors = _unique_anchors(a, b, (alo, ahi, blo, bhi), count_a, count_b)
    if anchors:
        return edges + [(i, j, 1) for i, j in anchors], _gaps(anchors, (alo, ahi, blo, bhi))
    if sum(n * count_b[item] for item, n in count_a.items()) <= PAIR_LIMIT:
        return edges + _difflib(a, b, (alo, ahi, blo, bhi)), []
    blocks, rest = _myers(a, b, (alo, ahi, blo, bhi), budget)
    return edges + blocks, rest


def _run_forward(a: list[int], b: list[int], i: int, j: int, limit: int) -> int:
    """Length (at most `limit`) of the common run starting at a[i], b[j], galloping over slices."""
    n, step = 0, 1
    while n < limit:
        size = min(step, limit - n)
        if a[i + n:i + n + size] == b[j + n:j + n + size]:
            n, step = n + size, step * 2
        elif size == 1:
            break
        else:
            step = size // 2
    return n


def _run_backward(a: list[int], b: list[int], i: int, j: int, limit: int) -> int:
    """Length (at most `limit`) of the common run ending just before a[i], b[j]."""
    n, step = 0, 1
    while n < limit:
        size = min(step, limit - n)
        if a[i - n - size:i - n] == b[j - n - size:j - n]:
            n, step = n + size, step * 2
        elif size == 1:
            break
        else:
            step = size // 2
    return n


def _small(a: list[int], b: list[int], region: Region) -> list[Block]:
    """Few edits: the shortest edit script (difflib's longest-block-first goes astray on repeated
    items); many edits, as in a rewritten sentence: difflib, which reads better than a minimal script."""
    alo, ahi, blo, bhi = region
    xs, ys = a[alo:ahi], b[blo:bhi]
    d, k, x, trace = _search(xs, ys, min(FEW_EDITS, len(xs) + len(ys)))
    if (x, x - k) != (len(xs), len(ys)):
        return _difflib(a, b, region)
    return [(alo + i, blo + j, n) for i, j, n in _backtrack(trace, d, k, x)]


def _difflib(a: list[int], b: list[int], region: Region) -> list[Block]:
    alo, ahi, blo, bhi = region
    matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
    return [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]


def _unique_anchors(
    a: list[int], b: list[int], region: Region, count_a: Counter[int], count_b: Counter[int]
) -> list[tuple[int, int]]:
    """Pairs (i, j) of items unique in both sides of the region, the longest run kept in order."""
    alo, ahi, blo, bhi = region
    where_b = {item: j for j, item in enumerate(b[blo:bhi], blo) if count_b[item] == 1 and count_a[item] == 1}
    pairs = [(i, where_b[item]) for i, item in enumerate(a[alo:ahi], alo) if item in where_b]
    return [pairs[k] for k in longest_increasing([j for _, j in pairs])]


def _gaps(anchors: list[tuple[int, int]], region: Region) -> list[Region]:
    """The regions between consecutive anchors (and the region's ends) where matches may remain."""
    alo, ahi, blo, bhi = region
    bounds = [(alo - 1, blo - 1), *anchors, (ahi, bhi)]
    gaps = [(i0 + 1, i1, j0 + 1, j1) for (i0, j0), (i1, j1) in pairwise(bounds)]
    return [g for g in gaps if g[0] < g[1] and g[2] < g[3]]


def _myers(a: list[int], b: list[int], region: Region, budget: _Budget) -> tuple[list[Block], list[Region]]:
    """Search one region with Myers' greedy algorithm; return blocks and the region left over, if any."""
    alo, ahi, blo, bhi = region
    xs, ys = a[alo:ahi], b[blo:bhi]
    rounds = min(ROUND_LIMIT, len(xs) + len(ys))
    if budget.steps <= 0:
        return [], []
    d, k, x, trace = _search(xs, ys, rounds)
    budget.steps -= (d + 1) * (d + 2) // 2
    blocks = [(alo + i, blo + j, n) for i, j, n in _backtrack(trace, d, k, x)]
    y = x - k
    if (x, y) == (len(xs), len(ys)) or (x, y) == (0, 0):
        return blocks, []
    return blocks, [(alo + x, ahi, blo + y, bhi)]


def _search(xs: list[int], ys: list[int], rounds: int) -> tuple[int, int, int, list[list[int]]]:
    """Run up to `rounds` rounds; return (d, k, x) of the path that ends (or gets furthest) and the trace.

    Paths may leave the grid (as if both sequences went on with items that match nothing); one that
    ends at (n, m) never does. trace[d] holds the furthest x on diagonals -d+1 .. d-1 before round d.
    """
    n, m = len(xs), len(ys)
    off = rounds + 1
    v = [0] * (2 * rounds + 3)
    trace: list[list[int]] = []
    for d in range(rounds + 1):
        trace.append(v[off - d + 1:off + d])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[off + k - 1] < v[off + k + 1]):
                x = v[off + k + 1]
            else:
                x = v[off + k - 1] + 1
            y = x - k
            if x < n and y < m and xs[x] == ys[y]:
                x += _run_forward(xs, ys, x, y, min(n - x, m - y))
            v[off + k] = x
            if k == n - m and x >= n:
                return d, k, x, trace
    ends = [(2 * x - k, k) for k in range(-rounds, rounds + 1, 2) if (x := v[off + k]) <= n and 0 <= x - k <= m]
    k = max(ends)[1] if ends else 0
    return (rounds, k, v[off + k], trace) if ends else (0, 0, 0, trace[:1])


def _backtrack(trace: list[list[int]], d: int, k: int, x: int) -> list[Block]:
    """Return the diagonal runs of the path that reaches (x, x - k) on diagonal k in round d."""
    blocks: list[Block] = []
    while d > 0:
        row = trace[d]
        before = row[k - 1 + d - 1] if k != -d else -1
        after = row[k + 1 + d - 1] if k != d else -1
        if k == -d or (k != d and before < after):
            k_prev, x_prev = k + 1, after
            x_mid = x_prev
        else:
            k_prev, x_prev = k - 1, before
            x_mid = x_prev + 1
        if x > x_mid:
            blocks.append((x_mid, x_mid - k, x - x_mid))
        x, k, d = x_prev, k_prev, d - 1
    if x > 0:
        blocks.append((0, 0, x))
    return blocks[::-1]


def _has_runs(a: list[int]) -> bool:
    return any(map(operator.eq, a, islice(a, 1, None)))


def _settle_runs(a: list[int], b: list[int], blocks: list[Block]) -> list[Block]:
    """Inside runs of one repeated item, move deletions (then insertions) next to edits on the other side.

    Which copies of a repeated item are unmatched is arbitrary; putting them where the other side has
    unmatched items turns "insert C here, delete X there" into "X became C" at one place.
    """
    pairs = [(i + t, j + t) for i, j, n in blocks for t in range(n)]
    pairs = _settle(a, len(b), pairs)
    pairs = [(i, j) for j, i in _settle(b, len(a), [(j, i) for i, j in pairs])]
    return _merge([(i, j, 1) for i, j in pairs])


def _settle(a: list[int], m: int, pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Redistribute the unmatched items of each run of `a` over the run's gaps, edits on the b side first."""
    firsts = [i for i, _ in pairs]
    for r0, r1 in _runs(a):
        p0, p1 = bisect_left(firsts, r0), bisect_left(firsts, r1)
        if r1 - r0 == p1 - p0:
            continue
        i_prev, j_prev = pairs[p0 - 1] if p0 else (-1, -1)
        i_next, j_next = pairs[p1] if p1 < len(pairs) else (len(a), m)
        inner = pairs[p0:p1]
        j_bounds = [j_prev, *(j for _, j in inner), j_next]
        i_bounds = [r0 - 1, *(i for i, _ in inner), r1]
        held = [i_bounds[t + 1] - i_bounds[t] - 1 for t in range(len(inner) + 1)]
        room = [j_bounds[t + 1] - j_bounds[t] - 1 for t in range(len(inner) + 1)]
        room[0] -= r0 - i_prev - 1
        room[-1] -= i_next - r1
        placed = _place(held, [max(0, r) for r in room])
        i = r0
        for t, (_, j) in enumerate(inner):
            i += placed[t]
            pairs[p0 + t] = (i, j)
            firsts[p0 + t] = i
            i += 1
    return pairs


def _place(held: list[int], room: list[int]) -> list[int]:
    """Counts per gap: fill gaps that have room first, leave the rest where they were."""
    left = sum(held)
    placed = []
    for r in room:
        placed.append(min(r, left))
        left -= placed[-1]
    for t, h in enumerate(held):
        extra = min(max(h - placed[t], 0), left)
        placed[t] += extra
        left -= extra
    return placed


def _runs(a: list[int]) -> list[tuple[int, int]]:
    """Maximal stretches [r0, r1) of one repeated item, two long or more."""
    cuts = [0, *(i for i in range(1, len(a)) if a[i] != a[i - 1]), len(a)]
    return [(r0, r1) for r0, r1 in pairwise(cuts) if r1 - r0 > 1]


def _merge(blocks: list[Block]) -> list[Block]:
    """Join runs that continue one another."""
    out: list[Block] = []
    for i, j, n in blocks:
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + n)
        else:
            out.append((i, j, n))
    return out


def _to_opcodes(blocks: list[Block], n: int, m: int) -> list[Opcode]:
    ops: list[Opcode] = []
    i = j = 0
    for bi, bj, size in [*blocks, (n, m, 0)]:
        if i < bi and j < bj:
            ops.append(("replace", i, bi, j, bj))
        elif i < bi:
            ops.append(("delete", i, bi, j, bj))
        elif j < bj:
            ops.append(("insert", i, bi, j, bj))
        if size:
            ops.append(("equal", bi, bi + size, bj, bj + size))
        i, j = bi + size, bj + size
    return ops
