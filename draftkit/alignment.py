"""Sections of two documents set side by side: by provision key, then by similarity for sections without one;
the keys their changes are reported under; and the sections a draft folds into the one before them. Pure data."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from draftkit.document import PREAMBLE, Section

SIMILAR = 0.5            # least similarity to pair a section without a key
COMMON_SHINGLE = 8       # a shingle found in more baseline sections than this is boilerplate, not evidence


def align_sections(old: Sequence[Section], new: Sequence[Section]) -> dict[int, int]:
    """Map draft section index -> baseline index: by key first, then unkeyed drafts by similarity."""
    by_key: dict[str, int] = {}
    for i, section in enumerate(old):
        if section.key is not None:
            by_key.setdefault(section.key, i)
    match: dict[int, int] = {}
    taken: set[int] = set()
    for j, section in enumerate(new):
        same = by_key.get(section.key) if section.key is not None else None
        if same is not None and same not in taken:
            match[j] = same
            taken.add(same)
    free_old = [i for i in range(len(old)) if i not in taken]
    free_new = [j for j, s in enumerate(new) if j not in match and (s.key is None or s.key in by_key)]
    for score, j, i in sorted(_candidates(old, new, free_old, free_new)):
        if -score >= SIMILAR and j not in match and i not in taken:
            match[j] = i
            taken.add(i)
    return match


def _candidates(old: Sequence[Section], new: Sequence[Section], free_old: list[int],
                free_new: list[int]) -> list[tuple[float, int, int]]:
    """(-similarity, draft index, baseline index) for every pair that shares a title or a shingle.

    An index from shingle to baseline sections finds the pairs worth scoring, so the cost follows the
    shared text, not the product of the section counts; shingles common to many sections (boilerplate)
    find nothing on their own.
    """
    shingles = {i: _shingles(old[i]) for i in free_old}
    index: dict[tuple[str, ...], list[int]] = {}
    for i in free_old:
        for shingle in shingles[i]:
            index.setdefault(shingle, []).append(i)
    titles: dict[str, list[int]] = {}
    for i in free_old:
        titles.setdefault(old[i].title.strip().casefold(), []).append(i)
    found = []
    for j in free_new:
        mine = _shingles(new[j])
        shared: Counter[int] = Counter()
        for shingle in mine:
            holders = index.get(shingle, ())
            if len(holders) <= COMMON_SHINGLE:
                shared.update(holders)
        title = new[j].title.strip().casefold()
        for i in titles.get(title, []) if title else []:
            shared[i] += 0
        for i, common in shared.items():
            total = len(shingles[i]) + len(mine)
            dice = 2 * common / total if total else 0.0
            same_title = bool(title) and title == old[i].title.strip().casefold()
            found.append((-max(dice, SIMILAR if same_title else 0.0), j, i))
    return found


def _shingles(section: Section) -> frozenset[tuple[str, ...]]:
    words = " ".join([section.title, *(p.text for p in section.body)]).casefold().split()
    return frozenset(zip(words, words[1:], words[2:])) if len(words) >= 3 else frozenset([tuple(words)])


def resolve_keys(old: Sequence[Section], new: Sequence[Section], match: dict[int, int]) -> tuple[list[str], list[str]]:
    """Output keys: a pair takes the baseline's key; a section without a usable one, added-<n> / dropped-<n>."""
    old_keys = [s.key or "" for s in old]
    used = {k for k in old_keys if k}
    new_keys: list[str] = []
    added = 0
    for j, section in enumerate(new):
        i = match.get(j)
        if i is not None and old_keys[i]:
            key = old_keys[i]
        elif section.key is not None and section.key not in used:
            key = section.key
        elif i is not None:
            key = f"section-{j + 1}"
        else:
            added += 1
            key = f"added-{added}"
        if i is not None:
            old_keys[i] = key
        used.add(key)
        new_keys.append(key)
    dropped = (i for i, k in enumerate(old_keys) if not k)
    for n, i in enumerate(dropped, 1):
        old_keys[i] = f"dropped-{n}"
    return old_keys, new_keys


def folds(old: Sequence[Section], new: Sequence[Section], match: dict[int, int], new_keys: list[str]) -> dict[int, str]:
    """Baseline sections the draft folds into the section before them, with the key of the draft section that
    holds their text: a draft section with a provision key but no heading, paired with a headed one. The
    baseline's number of a folded section then reads as its holder's, so a reference to it is no change."""
    out: dict[int, str] = {}
    holder = None
    for j, section in enumerate(new):
        i = match.get(j)
        if section.heading is not None:
            holder = new_keys[j]
        elif holder and section.key not in (None, PREAMBLE) and i is not None and old[i].heading is not None:
            out[i] = holder
    return out
