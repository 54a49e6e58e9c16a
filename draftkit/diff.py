"""Pure diff: a baseline's sections against a draft's -> a Comparison. Knows no XML.

Sections are aligned by provision key (then by similarity for sections without one), paragraphs by
exact text (then by similarity inside changed stretches), words last. Section numbers each side knows
are compared as the provision they number: renumbering is no change (no words counted, the section
stays "unchanged"), yet the spans still carry both numbers, so that the spans always rebuild both texts.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import filterfalse, groupby, zip_longest
from typing import Literal, NamedTuple

from draftkit.alignment import SIMILAR, align_sections, folds, resolve_keys
from draftkit.changes import Comparison, ParagraphChange, SectionChange, SectionKind, Span
from draftkit.document import DocumentText, Paragraph, Section
from draftkit.fills import FILL_WORDS, PLACEHOLDERS, Fills
from draftkit.sequence import Step, interleave, opcodes
from draftkit.words import LABEL, LABEL_KEY, Renumber, Tally, Text, count_words, diff_text, whole
from draftkit.words import word_diff as word_diff  # re-exported: the diff's word-level entry point

PAIRING_LIMIT = 2_500  # above this many candidate pairs, changed paragraphs are paired by position only
IN_CELL = "\x00cell\x00"


def compare(baseline: DocumentText, draft: DocumentText, *, fill_in: bool = False) -> Comparison:
    """Align the draft's sections with the baseline's and diff each pair down to words.

    A bracketed placeholder the draft fills in is boilerplate only when filled as the draft fills it
    elsewhere: "[City Council]" read as "City Council" nine times and "City Manager" once is a departure
    in that one place (see `fills`). With `fill_in`, the baseline's placeholders are then filled as the
    draft fills them and the texts compared again, so a document is measured against the model as it would
    read for its jurisdiction, as a YAML file is.
    """
    fills = Fills()
    comparison = _compare(baseline, draft, fills)
    if fill_in and (fills.at or fills.seen):
        baseline = fills.fill_in(baseline)
        fills = Fills()
        comparison = _compare(baseline, draft, fills)
    if not fills.consistent():
        comparison = _compare(baseline, draft, fills.settled())
    return comparison


def _compare(baseline: DocumentText, draft: DocumentText, fills: Fills) -> Comparison:
    old, new = baseline.sections, draft.sections
    match = align_sections(old, new)
    old_keys, new_keys = resolve_keys(old, new, match)
    folded = folds(old, new, match, new_keys)
    renumber = (Renumber.of(old, [folded.get(i, k) for i, k in enumerate(old_keys)]), Renumber.of(new, new_keys))
    sides = _Sides((old, new), (old_keys, new_keys), renumber, fills, folded)
    return Comparison(tuple(sides.build(*step) for step in interleave(len(old), len(new), match)))


# --- paragraphs --------------------------------------------------------------------------------------


class _Para:
    """A paragraph with its comparison key; tokenized only when it must be diffed word by word. (A plain
    class: the diff makes one per paragraph of both documents, and reads most of them only for the key.)"""

    __slots__ = ("source", "renumber", "fills", "heading", "key", "_text", "_bag")

    def __init__(self, source: Paragraph, renumber: Renumber, fills: Fills, *, heading: bool = False):
        self.source, self.renumber, self.fills, self.heading = source, renumber, fills, heading
        text = LABEL.sub(LABEL_KEY + " ", source.text, count=1)
        self.key = (IN_CELL if source.cell else "") + renumber.key_of(text)
        self._text: Text | None = None
        self._bag: Counter[str] | None = None

    @property
    def text(self) -> Text:
        if self._text is None:
            self._text = Text.of(self.source.text, self.renumber, heading=self.heading)
        return self._text

    @property
    def bag(self) -> Counter[str]:
        if self._bag is None:
            self._bag = Counter(filterfalse(str.isspace, self.text.keys))
        return self._bag


class _Result(NamedTuple):
    """A paragraph change, its word tally, and whether it is no change at all once renumbering is set aside."""

    change: ParagraphChange
    tally: Tally
    same: bool


def _change(old: _Para | None, new: _Para | None, *, whole_row: bool = False) -> _Result:
    """The change from one paragraph to another (either may be missing)."""
    if new is None:
        assert old is not None
        text = old.source.text
        change = ParagraphChange("deleted", old.source.index, None, whole("delete", text), whole_row, old.source.cell)
        return _Result(change, Tally(deleted=count_words(text)), False)
    cell = new.source.cell
    if old is None:
        text = new.source.text
        change = ParagraphChange("inserted", None, new.source.index, whole("insert", text), whole_row, cell)
        return _Result(change, Tally(inserted=count_words(text)), False)
    if old.source.text == new.source.text:
        spans = (Span("equal", new.source.text),)
        change = ParagraphChange("equal", old.source.index, new.source.index, spans, cell=cell)
        return _Result(change, Tally(retained=count_words(new.source.text)), True)
    spans, tally, boilerplate = diff_text(old.text, new.text, new.fills, where=old.source.index)
    change = ParagraphChange("modified", old.source.index, new.source.index, spans, cell=cell)
    return _Result(change, tally, boilerplate)


class _Unit:
    """What paragraph alignment moves: a paragraph, a table row with its cells' paragraphs, or a note."""

    __slots__ = ("paras", "kind", "key", "_bag")

    def __init__(self, paras: tuple[_Para, ...], kind: Literal["para", "row", "note"] = "para"):
        self.paras, self.kind, self._bag = paras, kind, None
        if kind == "para":
            self.key = paras[0].key
        elif kind == "note":
            self.key = "\x00note\x00" + "\x00|".join(p.key for p in paras)
        else:
            self.key = "\x00row\x00" + "\x00|".join(f"{p.source.cell[2]}:{p.key}" for p in paras)

    @property
    def row(self) -> bool:
        return self.kind == "row"

    @property
    def bag(self) -> Counter[str]:
        if self._bag is None:
            self._bag = self.paras[0].bag if self.kind == "para" else sum((p.bag for p in self.paras), Counter())
        return self._bag


def _group_of(p: _Para) -> tuple | None:
    if p.source.note:
        return ("note", p.source.note)
    return ("row", p.source.cell[:2]) if p.source.cell else None


def _units(paras: Sequence[_Para]) -> list[_Unit]:
    """Paragraphs outside tables and notes one by one; the paragraphs of each table row, and of each
    note, together."""
    units: list[_Unit] = []
    for group, members in groupby(paras, key=_group_of):
        units += [_Unit(tuple(members), group[0])] if group else [_Unit((p,)) for p in members]
    return units


def _align_paragraphs(old: Sequence[_Para], new: Sequence[_Para], *, rows: bool = True) -> list[_Result]:
    """Paragraph changes in output order: exact matches first, then changed stretches paired; table rows
    are aligned as rows (then cell by cell) unless `rows` is False (inside one cell)."""
    old_units = _units(old) if rows else [_Unit((p,)) for p in old]
    new_units = _units(new) if rows else [_Unit((p,)) for p in new]
    out: list[_Result] = []
    for tag, i1, i2, j1, j2 in opcodes([u.key for u in old_units], [u.key for u in new_units]):
        pairs = zip(old_units[i1:i2], new_units[j1:j2]) if tag == "equal" else \
            _pair(old_units[i1:i2], new_units[j1:j2])
        for o, n in pairs:
            out += _unit_changes(o, n)
    return out


def _unit_changes(old: _Unit | None, new: _Unit | None) -> list[_Result]:
    """A unit against its counterpart: a paragraph, a row cell by cell, or a whole row in or out."""
    if old is None or new is None:
        unit = old or new
        return [_change(p if new is None else None, p if old is None else None, whole_row=unit.row)
                for p in unit.paras]
    if old.kind == "para":
        return [_change(old.paras[0], new.paras[0])]
    if old.kind == "note":
        return _align_paragraphs(old.paras, new.paras, rows=False)
    columns = sorted({p.source.cell[2] for p in (*old.paras, *new.paras)})
    out: list[_Result] = []
    for c in columns:
        out += _align_paragraphs([p for p in old.paras if p.source.cell[2] == c],
                                 [p for p in new.paras if p.source.cell[2] == c], rows=False)
    return out


Pairing = list[tuple[_Unit | None, _Unit | None]]


def _pair(olds: Sequence[_Unit], news: Sequence[_Unit]) -> Pairing:
    """Pair changed paragraphs best-first by similarity, keeping order; the rest are deleted/inserted.

    A lone paragraph replaced by a lone paragraph is always paired (modified), whatever the similarity.
    """
    if len(olds) * len(news) > PAIRING_LIMIT:
        return _pair_by_position(olds, news)
    scores = {(i, j): _similarity(o, n) for i, o in enumerate(olds) for j, n in enumerate(news)}
    return _pair_within(olds, news, scores, (0, len(olds), 0, len(news)))


def _pair_within(
    olds: Sequence[_Unit], news: Sequence[_Unit], scores: dict[tuple[int, int], float], box: tuple[int, int, int, int]
) -> Pairing:
    i0, i1, j0, j1 = box
    if i1 - i0 == 1 and j1 - j0 == 1 and _same_kind(olds[i0], news[j0]) and olds[i0].kind == "para":
        return [(olds[i0], news[j0])]
    best = max(((scores[i, j], -i, -j) for i in range(i0, i1) for j in range(j0, j1)), default=(0.0, 0, 0))
    if best[0] < SIMILAR:
        return _unpaired(olds[i0:i1], news[j0:j1])
    i, j = -best[1], -best[2]
    before = _pair_within(olds, news, scores, (i0, i, j0, j))
    return [*before, (olds[i], news[j]), *_pair_within(olds, news, scores, (i + 1, i1, j + 1, j1))]


def _pair_by_position(olds: Sequence[_Unit], news: Sequence[_Unit]) -> Pairing:
    out: Pairing = []
    for o, n in zip(olds, news):
        out += [(o, n)] if _similarity(o, n) >= SIMILAR else [(o, None), (None, n)]
    return out + _unpaired(olds[len(news):], news[len(olds):])


def _unpaired(olds: Sequence[_Unit], news: Sequence[_Unit]) -> Pairing:
    return [(o, None) for o in olds] + [(None, n) for n in news]


def _same_kind(old: _Unit, new: _Unit) -> bool:
    """Whether two units may pair: two rows, two notes, or two paragraphs both in a cell or both outside."""
    return old.kind == new.kind and (old.paras[0].source.cell is None) == (new.paras[0].source.cell is None)


def _similarity(old: _Unit, new: _Unit) -> float:
    """Dice similarity of the words; a placeholder of the baseline ("[City]", "_____") may stand for up to
    FILL_WORDS of the draft's words it does not share ("AYES: _____" is like "AYES: Ada Lee and Tom Roe")."""
    if not _same_kind(old, new):
        return 0.0
    old_bag, new_bag = old.bag, new.bag
    old_size, new_size = sum(old_bag.values()), sum(new_bag.values())
    common = holes = 0  # words both have (the bags' intersection); placeholders only the baseline has
    for key, n in old_bag.items():
        m = new_bag.get(key, 0)
        common += min(n, m)
        if n > m and PLACEHOLDERS.fullmatch(key):
            holes += n - m
    filled = min(new_size - common, holes * FILL_WORDS)
    matched = 2 * common + (holes + filled if filled else 0)
    return matched / (old_size + new_size) if old_size + new_size else 1.0


# --- sections ----------------------------------------------------------------------------------------


class _Sides(NamedTuple):
    """Both documents' sections with their output keys and renumbering (index 0: baseline, 1: draft)."""

    sections: tuple[Sequence[Section], Sequence[Section]]
    keys: tuple[Sequence[str], Sequence[str]]
    renumber: tuple[Renumber, Renumber]
    fills: Fills
    folds: dict[int, str]    # baseline index of a folded section -> the key of the draft section holding it

    def build(self, step: Step, i: int | None, j: int | None) -> SectionChange:
        """The section change for one step of the plan."""
        if j is None:
            assert i is not None
            old = self.sections[0][i]
            return _section_change(self.keys[0][i], old, None, "dropped", self._one_side(0, old))
        new = self.sections[1][j]
        if i is None:
            return _section_change(self.keys[1][j], None, new, "added", self._one_side(1, new))
        old = self.sections[0][i]
        edit = self._matched(old, new, self.keys[1][j])
        if step == "matched":
            return replace(edit, folded_into=self.folds[i]) if i in self.folds else edit
        if step == "moved":
            return replace(edit, kind="moved", paragraphs=tuple(r.change for r in self._one_side(1, new)))
        departure = tuple(r.change for r in self._one_side(0, old))
        return replace(edit, title=old.title, kind="moved", paragraphs=departure, words_inserted=0,
                       words_deleted=0, retained_words=0, moved_from=True)

    def _matched(self, old: Section, new: Section, key: str) -> SectionChange:
        """A section against its counterpart; the headings always pair with each other."""
        heads = zip_longest(self._paras(0, old.paragraphs[:1] if old.heading else (), heading=True),
                            self._paras(1, new.paragraphs[:1] if new.heading else (), heading=True))
        results = [*(_change(o, n) for o, n in heads), *_align_paragraphs(self._paras(0, old.body),
                                                                           self._paras(1, new.body))]
        kind: SectionKind = "unchanged" if all(r.same for r in results) else "modified"
        return _section_change(key, old, new, kind, results)

    def _one_side(self, side: Literal[0, 1], section: Section) -> list[_Result]:
        paras = self._paras(side, section.paragraphs)
        return [_change(p, None, whole_row=p.source.cell is not None) if side == 0 else
                _change(None, p, whole_row=p.source.cell is not None) for p in paras]

    def _paras(self, side: Literal[0, 1], paragraphs: Sequence[Paragraph], *, heading: bool = False) -> list[_Para]:
        return [_Para(p, self.renumber[side], self.fills, heading=heading) for p in paragraphs]


def _section_change(
    key: str, old: Section | None, new: Section | None, kind: SectionKind, results: list[_Result]
) -> SectionChange:
    tally = sum((r.tally for r in results), Tally())
    shown = new or old
    assert shown is not None
    return SectionChange(
        key=key,
        title=shown.title or (old.title if old else ""),  # a folded section has no heading: the model's title
        old_number=old.number if old else None,
        new_number=new.number if new else None,
        kind=kind,
        paragraphs=tuple(r.change for r in results),
        words_inserted=tally.inserted,
        words_deleted=tally.deleted,
        model_words=count_words(old.text) if old else 0,
        retained_words=tally.retained,
    )
