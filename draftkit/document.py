"""Plain data read out of a document: paragraphs grouped into sections. No XML here."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

PREAMBLE = "_preamble"
# A numbered section heading: "Sec. 13.105.010. Title.", "SECTION 2.23.010 Title", "13.105.010 Title".
NUMBERED = re.compile(r"^\s*(?:(?:Sec(?:tion)?|SEC(?:TION)?)\.?\s+)?(?P<num>\d+(?:\.\d+)+[A-Za-z]?)\.?\s+(?P<title>\S.*)$")
# Any section heading as adopted texts write one: "13.105.030 Title.", "Sec. 13.105.030. Title",
# "SECTION 5. TITLE", "Section 2-14. Title" (a section of the ordinance itself is numbered 1, 2, 3), and as
# code publishers print them: "§ 2.23.010 TITLE." and a chapter numbered with a letter, "SEC. 12I.3. TITLE."
SECTION = re.compile(r"^(?:(?:Sec(?:tion)?|SEC(?:TION)?)\.?\s+|§\s*)?(?P<num>\d+[A-Za-z]?(?:[.-]\d+)+[A-Za-z]?)\.?\s+"
                     r"(?P<title>\S.*)$"
                     r"|^(?:(?:Sec(?:tion)?|SEC(?:TION)?)\.?|§)\s+(?P<num2>\d+[A-Za-z]?)\.?\s+(?P<title2>\S.*)$")
SHORT_HEADING_WORDS = 12  # a numbered line this short is a heading, whatever follows it


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the document body, in reading order.

    `index` is the paragraph's position among the document's paragraphs in reading order (table cells'
    paragraphs included), counting from 0, so a writer can find the same paragraph again.
    `label` is the list label Word draws in front of it from automatic numbering ("(a) "), which `text`
    begins with although no run holds it; `cell` is (table, row, column) for a paragraph in a table;
    `note` names the footnote or endnote a paragraph belongs to.
    """

    index: int
    text: str
    style: str = ""
    label: str = ""
    cell: tuple[int, int, int] | None = None
    note: tuple[str, str] | None = None   # ("footnote" or "endnote", its id) for a paragraph of a note

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Section:
    """A section: its heading paragraph (None for the preamble) and the body paragraphs under it.

    `key` is the model provision the section carries (from the heading's "prov_<id>" bookmark, or from
    alignment for a document we did not generate); None when unknown. `number` and `title` are what
    the heading prints, e.g. "13.105.050" and "Investment prohibition".
    """

    key: str | None
    number: str
    title: str
    heading: Paragraph | None
    body: tuple[Paragraph, ...]

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return ((self.heading,) if self.heading else ()) + self.body

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class DocumentText:
    """A document as sections: the preamble (key PREAMBLE, no heading) first, then each section."""

    sections: tuple[Section, ...]
    notes: tuple[str, ...] = field(default=())  # what the reader did that a user should know

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)
