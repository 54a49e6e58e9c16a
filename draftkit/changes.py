"""The change list: plain data describing how a draft departs from its baseline. No XML here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SpanOp = Literal["equal", "insert", "delete"]
ParagraphKind = Literal["equal", "modified", "inserted", "deleted"]
SectionKind = Literal["unchanged", "modified", "added", "dropped", "moved"]


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph's text: kept (equal), only in the draft (insert) or only in the baseline."""

    op: SpanOp
    text: str


@dataclass(frozen=True)
class ParagraphChange:
    """One paragraph of the redline, in output order.

    `old` / `new` are Paragraph.index values in the baseline / draft (None where the paragraph exists on
    one side only). `spans` concatenated by op give the texts: equal+delete = baseline text,
    equal+insert = draft text. For "equal" paragraphs spans is one equal span. `whole_row` is True for a
    paragraph of a table row that is inserted or deleted as a whole (the row itself is the change);
    `cell` is (table, row, column) of a paragraph in a table (the draft's, or the baseline's for a
    deleted one).
    """

    kind: ParagraphKind
    old: int | None
    new: int | None
    spans: tuple[Span, ...]
    whole_row: bool = False
    cell: tuple[int, int, int] | None = None

    @property
    def old_text(self) -> str:
        return "".join(s.text for s in self.spans if s.op != "insert")

    @property
    def new_text(self) -> str:
        return "".join(s.text for s in self.spans if s.op != "delete")


@dataclass(frozen=True)
class SectionChange:
    """One section of the redline, in output order; a moved section appears twice.

    A moved section appears as kind "moved" twice: once at its baseline place with all paragraphs
    deleted (moved_from=True) and once at its draft place with all paragraphs inserted.
    A section the draft folds into the one before it (its heading gone, its text continuing that section) is
    "modified", its heading deleted; `folded_into` is the key of the draft section that now holds its text.
    Counts are words (whitespace-separated tokens) of the section's text.
    """

    key: str
    title: str
    old_number: str | None
    new_number: str | None
    kind: SectionKind
    paragraphs: tuple[ParagraphChange, ...]
    words_inserted: int
    words_deleted: int
    model_words: int          # words in the baseline section (0 when added)
    retained_words: int       # baseline words kept unchanged in the draft
    moved_from: bool = False
    folded_into: str | None = None

    @property
    def old_text(self) -> str:
        return "\n".join(p.old_text for p in self.paragraphs if p.kind != "inserted")

    @property
    def new_text(self) -> str:
        return "\n".join(p.new_text for p in self.paragraphs if p.kind != "deleted")


@dataclass(frozen=True)
class Comparison:
    """The whole change list: every section of baseline and draft, in redline output order."""

    sections: tuple[SectionChange, ...]

    @property
    def changed(self) -> tuple[SectionChange, ...]:
        return tuple(s for s in self.sections if s.kind != "unchanged" and not s.moved_from)
