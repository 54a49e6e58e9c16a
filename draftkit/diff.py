"""Pure diff: a baseline's sections against a draft's -> a Comparison. Knows no XML.

Sections are aligned by provision key (then by similarity for sections without one), paragraphs by
exact text (then by similarity inside changed stretches), words last. Section numbers each side knows
are compared as the provision they number: renumbering is no change (no words counted, the section
stays "unchanged"), yet the spans still carry both numbers, so that the spans always rebuild both texts.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import groupby, zip_longest
from typing import Literal

from draftkit.changes import Comparison, ParagraphChange, SectionChange, SectionKind, Span
from draftkit.document import DocumentText, Paragraph, Section
from draftkit.fills import FILL_WORDS, PLACEHOLDERS, Fills
from draftkit.sequence import Step, interleave, opcodes

TOKEN = re.compile(r"\S*\[[^\]\n]{1,80}\]\S*|\S+|\s+")  # a bracketed placeholder is one token, spaces and all
WORD_CHAR = re.compile(r"\w")
ISLAND_WORDS = 3         # most words of unchanged text a rewrite may swallow (see _absorb_islands)
SIMILAR = 0.5
COMMON_SHINGLE = 8       # a shingle found in more baseline sections than this is boilerplate, not evidence          # least similarity to pair a changed paragraph, or a section without a key
PAIRING_LIMIT = 2_500  # above this many candidate pairs, changed paragraphs are paired by position only
# A list label at the start of a paragraph, typed or drawn by Word's numbering: "(a)", "1.", "iv)", "2.3.1".
LABEL = re.compile(r"^(\s*)(\(?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]{1,2}|[ivxlcdmIVXLCDM]{1,7})[.)]|\d{1,3}(?:\.\d{1,3})+)(\s+)(?=\S)")
LABEL_KEY = "\x00label\x00"
TRAILING = ".,;:!?"   # punctuation kept apart from a changed word it ends
IN_CELL = "\x00cell\x00"

def word_diff(old: str, new: str) -> tuple[Span, ...]:
    """Return spans turning `old` into `new`: whole words, one span per edit, deletes before inserts."""
    return _diff_text(_Text.of(old, _Renumber()), _Text.of(new, _Renumber()), Fills(), where=-1)[0]


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
    match = _align_sections(old, new)
    old_keys, new_keys = _resolve_keys(old, new, match)
    sides = _Sides((old, new), (old_keys, new_keys), (_Renumber.of(old, old_keys), _Renumber.of(new, new_keys)), fills)
    return Comparison(tuple(sides.build(*step) for step in interleave(len(old), len(new), match)))


# --- words -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Renumber:
    """Writes each section number one side knows as the key of the provision it numbers."""

    keys: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None

    @classmethod
    def of(cls, sections: Sequence[Section], keys: Sequence[str]) -> _Renumber:
        """Map the sections' numbers that carry a digit and another character (not "5", not "IV")."""
        usable: dict[str, str] = {}
        for section, key in zip(sections, keys):
            number = section.number
            if re.search(r"\d", number) and re.search(r"\D", number) and not re.search(r"\s", number):
                usable.setdefault(number, key)
        if not usable:
            return cls()
        names = "|".join(re.escape(n) for n in sorted(usable, key=len, reverse=True))
        return cls(usable, re.compile(rf"(?<![\w.])({names})(?!\w|\.\w)"))

    def keys_of(self, text: str, tokens: tuple[str, ...]) -> tuple[str, ...]:
        if self.pattern is None or not self.pattern.search(text):
            return tokens
        return tuple(self.pattern.sub(self._key, token) for token in tokens)

    def key_of(self, text: str) -> str:
        """The whole text as compared: the same as joining keys_of's tokens (whitespace never borders
        a number's match differently), without splitting it."""
        return text if self.pattern is None else self.pattern.sub(self._key, text)

    def _key(self, found: re.Match[str]) -> str:
        return f"\x00§{self.keys[found[1]]}\x00"


@dataclass(frozen=True)
class _Text:
    """A text's tokens (words and whitespace runs) and the keys they are compared by."""

    tokens: tuple[str, ...]
    keys: tuple[str, ...]

    @classmethod
    def of(cls, text: str, renumber: _Renumber) -> _Text:
        tokens = tuple(TOKEN.findall(text))
        keys = renumber.keys_of(text, tokens)
        found = LABEL.match(text)
        if found:  # a list label is compared as "a label": relettering is renumbering, not a departure
            at = 1 if found[1] else 0
            keys = (*keys[:at], LABEL_KEY, " ", *keys[at + 2:])
        return cls(tokens, keys)


@dataclass(frozen=True)
class _Piece:
    """A stretch of the diff with its text on each side: kept, changed, a section number renumbered, a
    placeholder filled, or punctuation kept at the edge of a changed word ("affix", counted as no word)."""

    kind: Literal["equal", "change", "renumbered", "filled", "affix"]
    old: str
    new: str


@dataclass(frozen=True)
class _Tally:
    """Words inserted and deleted, and baseline words kept (a renumbered number counts as kept)."""

    inserted: int = 0
    deleted: int = 0
    retained: int = 0

    def __add__(self, other: _Tally) -> _Tally:
        return _Tally(self.inserted + other.inserted, self.deleted + other.deleted, self.retained + other.retained)


def _diff_text(old: _Text, new: _Text, fills: Fills, *, where: int) -> tuple[tuple[Span, ...], _Tally, bool]:
    """Spans from `old` to `new`, their word tally, and whether only boilerplate changed (section
    numbers renumbered, the model's bracketed placeholders filled in)."""
    pieces: list[_Piece] = []
    for tag, i1, i2, j1, j2 in opcodes(old.keys, new.keys):
        if tag == "equal":
            pieces += _equal_pieces(old.tokens[i1:i2], new.tokens[j1:j2])
        else:
            pieces.append(_Piece("change", "".join(old.tokens[i1:i2]), "".join(new.tokens[j1:j2])))
    pieces = _affixes(_absorb_islands([_filled(p, fills, where) for p in _cleanup(pieces)]))
    tally = sum((_piece_tally(p) for p in pieces), _Tally())
    return _piece_spans(pieces), tally, all(p.kind != "change" for p in pieces)


def _affixes(pieces: list[_Piece]) -> list[_Piece]:
    """Changes with the punctuation both sides end with kept out of them: "agency;" -> "entity;" changes
    "agency" only, so a range (a bookmark, a comment) that ends before the ";" stays exact."""
    out: list[_Piece] = []
    for piece in pieces:
        n = 0
        while piece.kind == "change" and n < min(len(piece.old), len(piece.new)) - 1 and \
                piece.old[-1 - n] == piece.new[-1 - n] and piece.old[-1 - n] in TRAILING:
            n += 1
        if not n:
            out.append(piece)
            continue
        out += [_Piece("change", piece.old[:-n], piece.new[:-n]), _Piece("affix", piece.old[-n:], piece.new[-n:])]
    return out


def _filled(piece: _Piece, fills: Fills, where: int) -> _Piece:
    """A change that only puts local words in place of a placeholder, as the draft fills it everywhere,
    is boilerplate."""
    if piece.kind == "change" and PLACEHOLDERS.fullmatch(piece.old.strip()) and \
            fills.accepts(piece.old, piece.new, where=where):
        return _Piece("filled", piece.old, piece.new)
    return piece


def _equal_pieces(old: tuple[str, ...], new: tuple[str, ...]) -> list[_Piece]:
    """Tokens equal by key: one equal piece, or several where a renumbered number differs in text."""
    if old == new:
        return [_Piece("equal", "".join(old), "".join(new))]
    pieces: list[_Piece] = []
    for a, b in zip(old, new):
        kind: Literal["equal", "renumbered"] = "equal" if a == b else "renumbered"
        if pieces and pieces[-1].kind == kind == "equal":
            pieces[-1] = _Piece(kind, pieces[-1].old + a, pieces[-1].new + b)
        else:
            pieces.append(_Piece(kind, a, b))
    return pieces


def _cleanup(pieces: list[_Piece]) -> list[_Piece]:
    """Merge neighbouring changes, and changes separated only by blanks or a little punctuation."""
    out: list[_Piece] = []
    for piece in pieces:
        if piece.kind == "change" and out and out[-1].kind == "change":
            piece = _join(out.pop(), piece)
        elif piece.kind == "change" and len(out) >= 2 and _absorbable(out[-1]) and out[-2].kind == "change":
            kept = out.pop()
            piece = _join(_join(out.pop(), kept), piece)
        out.append(piece)
    return out


def _absorbable(piece: _Piece) -> bool:
    core = piece.new.strip()
    return piece.kind == "equal" and len(core) <= 2 and not WORD_CHAR.search(core)


def _join(first: _Piece, second: _Piece) -> _Piece:
    return _Piece("change", first.old + second.old, first.new + second.new)


@dataclass
class _Stretch:
    """A run of changes, grown as it absorbs islands, with its words deleted and inserted; or an island (the
    pieces between two changes) with its words, those the reader would stop seeing as kept if it were absorbed."""

    pieces: list[_Piece]
    deleted: int = 0
    inserted: int = 0
    words: int = 0

    @classmethod
    def of(cls, pieces: list[_Piece]) -> _Stretch:
        if pieces[0].kind == "change":
            return cls(pieces, sum(_words(p.old) for p in pieces), sum(_words(p.new) for p in pieces))
        return cls(pieces, words=sum(max(_words(p.old), _words(p.new)) for p in pieces))


def _absorb_islands(pieces: list[_Piece]) -> list[_Piece]:
    """Show a rewritten stretch as one change: absorb the short unchanged islands between its changes.

    An island goes into the changes around it when it has at most ISLAND_WORDS words, no more than the
    larger side (words deleted or inserted) of the change on either side, and those two changes together both
    delete and insert: diff-match-patch's semantic cleanup, counted in words. Two insertions around a kept
    word stay two; a one-word edit, or edits far apart, stay as they are. A merged change may then swallow
    the island before it, so a chain of small islands in a rewrite collapses; the stack keeps this linear.
    Only an island's equal words become changed words. A renumbered number or a filled placeholder in it
    keeps its kind and is still counted as kept: it is the same provision, or the model's blank filled in,
    shown inside the change as it already is beside one. Placeholders are classified before this runs, so a
    fill is never a side of a rewrite and never becomes a departure.
    """
    stack: list[_Stretch] = []   # alternately islands and changes, as the pieces come
    for change, run in groupby(pieces, key=lambda p: p.kind == "change"):
        right = _Stretch.of(list(run))
        while change and len(stack) >= 2 and _swallows(stack[-2], stack[-1], right):
            island, left = stack.pop(), stack.pop()
            right = _merged(left, island, right)
        stack.append(right)
    out: list[_Piece] = []
    for change, run in groupby((p for s in stack for p in s.pieces), key=lambda p: p.kind == "change"):
        out += [_Piece("change", *_sides(list(run)))] if change else list(run)
    return out


def _swallows(left: _Stretch, island: _Stretch, right: _Stretch) -> bool:
    """Whether `island` is short next to the changes on both sides of it, and they make a rewrite."""
    return (island.words <= min(ISLAND_WORDS, max(left.deleted, left.inserted), max(right.deleted, right.inserted))
            and left.deleted + right.deleted > 0 and left.inserted + right.inserted > 0)


def _merged(left: _Stretch, island: _Stretch, right: _Stretch) -> _Stretch:
    """One change from `left`, `island` and `right` (reuses left's list): the island's equal words are changed."""
    equal = sum(_words(p.old) for p in island.pieces if p.kind == "equal")
    left.pieces += [_Piece("change", p.old, p.new) if p.kind == "equal" else p for p in island.pieces]
    left.pieces += right.pieces
    return _Stretch(left.pieces, left.deleted + equal + right.deleted, left.inserted + equal + right.inserted)


def _sides(pieces: list[_Piece]) -> tuple[str, str]:
    return "".join(p.old for p in pieces), "".join(p.new for p in pieces)


def _piece_spans(pieces: list[_Piece]) -> tuple[Span, ...]:
    """One span per run of equal pieces; one delete then one insert per run of the others."""
    spans: list[Span] = []
    for equal, run in groupby(pieces, key=lambda p: p.kind in ("equal", "affix")):
        group = list(run)
        old, new = "".join(p.old for p in group), "".join(p.new for p in group)
        spans += (Span("equal", new),) if equal else _whole("delete", old) + _whole("insert", new)
    return tuple(spans)


def _piece_tally(piece: _Piece) -> _Tally:
    if piece.kind == "change":
        return _Tally(inserted=_words(piece.new), deleted=_words(piece.old))
    return _Tally() if piece.kind == "affix" else _Tally(retained=_words(piece.old))


def _words(text: str) -> int:
    return len(text.split())


# --- paragraphs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Para:
    """A paragraph with its comparison key; tokenized only when it must be diffed word by word."""

    source: Paragraph
    renumber: _Renumber
    fills: Fills

    @cached_property
    def text(self) -> _Text:
        return _Text.of(self.source.text, self.renumber)

    @cached_property
    def key(self) -> str:
        text = LABEL.sub(LABEL_KEY + " ", self.source.text, count=1)
        return (IN_CELL if self.source.cell else "") + self.renumber.key_of(text)

    @cached_property
    def bag(self) -> Counter[str]:
        return Counter(k for k in self.text.keys if not k.isspace())


@dataclass(frozen=True)
class _Result:
    """A paragraph change, its word tally, and whether it is no change at all once renumbering is set aside."""

    change: ParagraphChange
    tally: _Tally
    same: bool


def _change(old: _Para | None, new: _Para | None, *, whole_row: bool = False) -> _Result:
    """The change from one paragraph to another (either may be missing)."""
    if new is None:
        assert old is not None
        text = old.source.text
        change = ParagraphChange("deleted", old.source.index, None, _whole("delete", text), whole_row, old.source.cell)
        return _Result(change, _Tally(deleted=_words(text)), False)
    cell = new.source.cell
    if old is None:
        text = new.source.text
        change = ParagraphChange("inserted", None, new.source.index, _whole("insert", text), whole_row, cell)
        return _Result(change, _Tally(inserted=_words(text)), False)
    if old.source.text == new.source.text:
        spans = (Span("equal", new.source.text),)
        change = ParagraphChange("equal", old.source.index, new.source.index, spans, cell=cell)
        return _Result(change, _Tally(retained=_words(new.source.text)), True)
    spans, tally, boilerplate = _diff_text(old.text, new.text, new.fills, where=old.source.index)
    change = ParagraphChange("modified", old.source.index, new.source.index, spans, cell=cell)
    return _Result(change, tally, boilerplate)


def _whole(op: Literal["insert", "delete"], text: str) -> tuple[Span, ...]:
    return (Span(op, text),) if text else ()


@dataclass(frozen=True)
class _Unit:
    """What paragraph alignment moves: a paragraph, a table row with its cells' paragraphs, or a note."""

    paras: tuple[_Para, ...]
    kind: Literal["para", "row", "note"] = "para"

    @property
    def row(self) -> bool:
        return self.kind == "row"

    @cached_property
    def key(self) -> str:
        if self.kind == "para":
            return self.paras[0].key
        if self.kind == "note":
            return "\x00note\x00" + "\x00|".join(p.key for p in self.paras)
        return "\x00row\x00" + "\x00|".join(f"{p.source.cell[2]}:{p.key}" for p in self.paras)

    @cached_property
    def bag(self) -> Counter[str]:
        return self.paras[0].bag if self.kind == "para" else sum((p.bag for p in self.paras), Counter())


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
    old_size, new_size = sum(old.bag.values()), sum(new.bag.values())
    common = sum((old.bag & new.bag).values())
    holes = sum(n for key, n in (old.bag - new.bag).items() if PLACEHOLDERS.fullmatch(key))
    filled = min(new_size - common, holes * FILL_WORDS)
    matched = 2 * common + (holes + filled if filled else 0)
    return matched / (old_size + new_size) if old_size + new_size else 1.0


# --- sections ----------------------------------------------------------------------------------------


def _align_sections(old: Sequence[Section], new: Sequence[Section]) -> dict[int, int]:
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


def _resolve_keys(old: Sequence[Section], new: Sequence[Section], match: dict[int, int]) -> tuple[list[str], list[str]]:
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


@dataclass(frozen=True)
class _Sides:
    """Both documents' sections with their output keys and renumbering (index 0: baseline, 1: draft)."""

    sections: tuple[Sequence[Section], Sequence[Section]]
    keys: tuple[Sequence[str], Sequence[str]]
    renumber: tuple[_Renumber, _Renumber]
    fills: Fills

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
            return edit
        if step == "moved":
            return replace(edit, kind="moved", paragraphs=tuple(r.change for r in self._one_side(1, new)))
        departure = tuple(r.change for r in self._one_side(0, old))
        return replace(edit, title=old.title, kind="moved", paragraphs=departure, words_inserted=0,
                       words_deleted=0, retained_words=0, moved_from=True)

    def _matched(self, old: Section, new: Section, key: str) -> SectionChange:
        """A section against its counterpart; the headings always pair with each other."""
        heads = zip_longest(self._paras(0, old.paragraphs[:1] if old.heading else ()),
                            self._paras(1, new.paragraphs[:1] if new.heading else ()))
        results = [*(_change(o, n) for o, n in heads), *_align_paragraphs(self._paras(0, old.body),
                                                                           self._paras(1, new.body))]
        kind: SectionKind = "unchanged" if all(r.same for r in results) else "modified"
        return _section_change(key, old, new, kind, results)

    def _one_side(self, side: Literal[0, 1], section: Section) -> list[_Result]:
        paras = self._paras(side, section.paragraphs)
        return [_change(p, None, whole_row=p.source.cell is not None) if side == 0 else
                _change(None, p, whole_row=p.source.cell is not None) for p in paras]

    def _paras(self, side: Literal[0, 1], paragraphs: Sequence[Paragraph]) -> list[_Para]:
        return [_Para(p, self.renumber[side], self.fills) for p in paragraphs]


def _section_change(
    key: str, old: Section | None, new: Section | None, kind: SectionKind, results: list[_Result]
) -> SectionChange:
    tally = sum((r.tally for r in results), _Tally())
    shown = new or old
    assert shown is not None
    return SectionChange(
        key=key,
        title=shown.title,
        old_number=old.number if old else None,
        new_number=new.number if new else None,
        kind=kind,
        paragraphs=tuple(r.change for r in results),
        words_inserted=tally.inserted,
        words_deleted=tally.deleted,
        model_words=_words(old.text) if old else 0,
        retained_words=tally.retained,
    )
