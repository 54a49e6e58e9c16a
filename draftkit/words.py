"""Word-level diff of two paragraph texts: pure data, no XML.

Texts are compared token by token (words, whitespace runs; a bracketed placeholder is one token); section
numbers a document knows are compared as the provision they number, and a leading list label as "a label",
so renumbering is no change. The pieces are then cleaned up for a reader: neighbouring changes joined,
short kept islands inside a rewrite absorbed, a changed word's closing punctuation kept apart, placeholders
filled in as the draft fills them counted as boilerplate.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Literal, NamedTuple

from .changes import Span
from .document import Section
from .fills import PLACEHOLDERS, Fills
from .sequence import opcodes

TOKEN = re.compile(r"\S*\[[^\]\n]{1,80}\]\S*|\S+|\s+")  # a bracketed placeholder is one token, spaces and all
WORD_CHAR = re.compile(r"\w")
ISLAND_WORDS = 3         # most words of unchanged text a rewrite may swallow (see _absorb_islands)
# A list label at the start of a paragraph, typed or drawn by Word's numbering: "(a)", "1.", "iv)", "2.3.1".
LABEL = re.compile(r"^(\s*)(\(?(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]{1,2}|[ivxlcdmIVXLCDM]{1,7})[.)]|\d{1,3}(?:\.\d{1,3})+)(\s+)(?=\S)")
LABEL_KEY = "\x00label\x00"
TRAILING = ".,;:!?"   # punctuation kept apart from a changed word it ends


def word_diff(old: str, new: str) -> tuple[Span, ...]:
    """Return spans turning `old` into `new`: whole words, one span per edit, deletes before inserts."""
    return diff_text(Text.of(old, Renumber()), Text.of(new, Renumber()), Fills(), where=-1)[0]


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Renumber:
    """Writes each section number one side knows as the key of the provision it numbers."""

    keys: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None

    @classmethod
    def of(cls, sections: Sequence[Section], keys: Sequence[str]) -> Renumber:
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
        sub, key = self.pattern.sub, self._key  # every number it knows holds a digit: other tokens are their keys
        return tuple(sub(key, token) if _DIGIT.search(token) else token for token in tokens)

    def key_of(self, text: str) -> str:
        """The whole text as compared: the same as joining keys_of's tokens (whitespace never borders
        a number's match differently), without splitting it."""
        return text if self.pattern is None or not _DIGIT.search(text) else self.pattern.sub(self._key, text)

    def _key(self, found: re.Match[str]) -> str:
        return f"\x00§{self.keys[found[1]]}\x00"


@dataclass(frozen=True)
class Text:
    """A text's tokens (words and whitespace runs) and the keys they are compared by: a run of spaces and
    tabs by its length alone, so a tab that a PDF or a text file gives as a space is no departure (it is
    shown, as a renumbered number is); a line break stays itself."""

    tokens: tuple[str, ...]
    keys: tuple[str, ...]

    @classmethod
    def of(cls, text: str, renumber: Renumber, *, heading: bool = False) -> Text:
        """`heading`: the text heads a section, and is compared as its words, whatever the case, the mark
        of a section ("Sec.", "SECTION", "§") and the closing stops a code publisher prints it with
        ("§ 2.23.010 TITLE." against "Sec. 2.23.010. Title." is shown, but is no departure)."""
        tokens = tuple(TOKEN.findall(text))
        keys = renumber.keys_of(text, tokens)
        if "\t" in text:
            keys = tuple(" " * len(k) if k.isspace() and "\n" not in k else k for k in keys)
        if heading:
            keys = tuple(_heading_key(k) for k in keys)
        found = LABEL.match(text)
        if found:  # a list label is compared as "a label": relettering is renumbering, not a departure
            at = 1 if found[1] else 0
            keys = (*keys[:at], LABEL_KEY, " ", *keys[at + 2:])
        return cls(tokens, keys)


SECTION_MARKS = frozenset({"sec", "sec.", "section", "§", "§§"})


def _heading_key(key: str) -> str:
    """A heading's token as compared: casefolded, a section mark as any section mark, closing stops off."""
    if key.isspace():
        return key
    folded = key.casefold()
    return "\x00sec\x00" if folded in SECTION_MARKS else folded.rstrip(".:") or folded


class _Piece(NamedTuple):
    """A stretch of the diff with its text on each side: kept, changed, a section number renumbered, a
    placeholder filled, or punctuation kept at the edge of a changed word ("affix", counted as no word)."""

    kind: Literal["equal", "change", "renumbered", "filled", "affix"]
    old: str
    new: str


@dataclass(frozen=True)
class Tally:
    """Words inserted and deleted, and baseline words kept (a renumbered number counts as kept)."""

    inserted: int = 0
    deleted: int = 0
    retained: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.inserted + other.inserted, self.deleted + other.deleted, self.retained + other.retained)


def diff_text(old: Text, new: Text, fills: Fills, *, where: int) -> tuple[tuple[Span, ...], Tally, bool]:
    """Spans from `old` to `new`, their word tally, and whether only boilerplate changed (section
    numbers renumbered, the model's bracketed placeholders filled in)."""
    pieces: list[_Piece] = []
    for tag, i1, i2, j1, j2 in opcodes(old.keys, new.keys):
        if tag == "equal":
            pieces += _equal_pieces(old.tokens[i1:i2], new.tokens[j1:j2])
        else:
            pieces.append(_Piece("change", "".join(old.tokens[i1:i2]), "".join(new.tokens[j1:j2])))
    pieces = _affixes(_absorb_islands([_filled(p, fills, where) for p in _cleanup(pieces)]))
    tally = sum((_piece_tally(p) for p in pieces), Tally())
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
    """Tokens equal by key: one equal piece, or several where a token differs in text (a renumbered number,
    a tab given as a space, a heading's capitals or section mark): shown as changed, counted as kept, no
    departure."""
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


class _Stretch:
    """A run of changes, grown as it absorbs islands, with its words deleted and inserted; or an island (the
    pieces between two changes) with its words, those the reader would stop seeing as kept if it were absorbed."""

    __slots__ = ("pieces", "deleted", "inserted", "words")

    def __init__(self, pieces: list[_Piece], deleted: int = 0, inserted: int = 0, words: int = 0) -> None:
        self.pieces, self.deleted, self.inserted, self.words = pieces, deleted, inserted, words

    @classmethod
    def of(cls, pieces: list[_Piece]) -> _Stretch:
        if pieces[0].kind == "change":
            return cls(pieces, sum(count_words(p.old) for p in pieces), sum(count_words(p.new) for p in pieces))
        return cls(pieces, words=sum(max(count_words(p.old), count_words(p.new)) for p in pieces))


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
    equal = sum(count_words(p.old) for p in island.pieces if p.kind == "equal")
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
        spans += (Span("equal", new),) if equal else whole("delete", old) + whole("insert", new)
    return tuple(spans)


def _piece_tally(piece: _Piece) -> Tally:
    if piece.kind == "change":
        return Tally(inserted=count_words(piece.new), deleted=count_words(piece.old))
    return Tally() if piece.kind == "affix" else Tally(retained=count_words(piece.old))


def count_words(text: str) -> int:
    """Words: whitespace-separated tokens."""
    return len(text.split())


def whole(op: Literal["insert", "delete"], text: str) -> tuple[Span, ...]:
    """One span of `op` holding all of `text`, or none for an empty text."""
    return (Span(op, text),) if text else ()
