"""Lines of text (from a PDF's text layer, a web page or a plain-text file) -> a DocumentText.

Every reader hands over `Line`s in reading order, with the page each came from and, when it knows them,
their place on the page. Here the page furniture is taken out (running heads and footers that repeat from
page to page, page numbers, line numbers), lines are joined into paragraphs (words hyphenated at a line's
end joined again), history notes ("(Ord. 7650-NS § 1, 2019)") and a table of contents are kept apart, and
paragraphs are grouped into sections under their headings. No file format is known here.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..document import PREAMBLE, SECTION, SHORT_HEADING_WORDS, DocumentText, Paragraph, Section

CHAPTER = re.compile(r"^(?:Chapter|CHAPTER|Article|ARTICLE|Title|TITLE)\s+[\dIVXLC]+(?:\.\d+)*[A-Za-z]?\b")
# A subsection or paragraph label: "(a)", "A.", "1.", "(iv)", "a)".
LABEL = re.compile(r"^(?:\((?:\d{1,3}|[A-Za-z]{1,2}|[ivxlcdm]{1,6})\)|(?:\d{1,3}|[A-Za-z]|[ivxlcdm]{1,6})[.)])\s+\S")
HISTORY = re.compile(r"^[\[(]\s*(?:Ord|Ords|Res|Prior\s+code|Formerly|Added|Amended|Repealed|Code\s+\d{4})\b"
                     r"[^\n]{0,300}[\])]\.?$", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^(?:(?:page|p\.)\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
LINE_NUMBER = re.compile(r"^\d{1,3}$")
DIGITS = re.compile(r"\d+")
ENDS_SENTENCE = re.compile(r"[.:;!?”\"')\]]$")
# "thirty (30) days": a number spelled out, then its figures in brackets on the next line.
NUMBER_WORD = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                         r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                         r"eighty|ninety|hundred|thousand)$", re.IGNORECASE)
FIGURES = re.compile(r"^\(\d[\d,]*\)\s")
# A line ending in a word that names what the next line's number or label is: "... as allowed by Section" /
# "13.105.050, ...". That next line goes on with the sentence; it starts no section or list item.
REFERS = re.compile(r"(?:\b(?:sec(?:tion)?s?|sec\.|sub(?:section|division|paragraph)s?|paragraphs?|clauses?|"
                    r"chapters?|titles?|articles?|parts?|items?|code)|§§?)$", re.IGNORECASE)
HYPHENATED = re.compile(r"[A-Za-z][-\u2010\u00ad]$")   # a hyphen, Unicode's, or a soft one that broke the word
# A PDF's text layer may give a typeset ligature as one character (U+FB01 for "fi"), and a soft hyphen
# wherever the typesetter could break a word: letters as typed, no soft hyphen but one that ends a line.
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\ufb05": "st", "\ufb06": "st"})
COMPOUND = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")
WORD_END = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*$")
WORD_START = re.compile(r"^[A-Za-z]+(?:-[A-Za-z]+)*")
MAX_HEADING_WORDS = 25
# An online code sets a dash between a section's number and its title ("Sec. 2.23.010. - Title."); the
# heading reads as the ordinance prints it, the publisher's dash set aside.
SEPARATOR = re.compile(r"^((?:(?:Sec(?:tion)?|SEC(?:TION)?)\.?\s+|§\s*)?\d+[A-Za-z]?(?:[.-]\d+)*[A-Za-z]?\.?)\s+[-–—]\s+(?=\S)")
SEPARATOR_START = re.compile(r"^[-–—]\s+")
FURNITURE_BAND = 0.12   # share of the page height, top and bottom, where running heads and footers live
SHORT_LINE = 0.8        # a line that ends before this share of the text's width ends its paragraph


@dataclass(frozen=True)
class Line:
    """One line of text as a reader found it.

    `page` counts from 1 (0 when the input has no pages); `box` is (x0, top, x1, bottom) in page units
    with `page_size` (width, height), when the reader knows where the line stands. `heading` is the
    level of a heading the input marks as one (HTML h1-h6), 0 otherwise; `breaks` says the line ends its
    paragraph (a block of HTML, a blank line after it in plain text); `bold`, that every letter of it is
    set in a bold face (a PDF's headings are, in the fonts Word and LibreOffice embed).
    """

    text: str
    page: int = 0
    box: tuple[float, float, float, float] | None = None
    page_size: tuple[float, float] | None = None
    heading: int = 0
    breaks: bool = False
    bold: bool = False


@dataclass
class Recovery:
    """What recovery took out or kept apart, for the notes a redline shows."""

    furniture: int = 0
    page_numbers: int = 0
    line_numbers: int = 0
    hyphens: int = 0
    history: list[str] = field(default_factory=list)
    contents: int = 0

    def notes(self, kind: str) -> tuple[str, ...]:
        """One line per kind of thing removed, in words."""
        said = [(self.furniture, "running head or footer line(s) repeated on every page removed"),
                (self.page_numbers, "page number(s) removed"), (self.line_numbers, "line number(s) removed"),
                (self.hyphens, "word(s) hyphenated at a line's end joined"),
                (self.contents, "table-of-contents line(s) removed"),
                (len(self.history), "history note(s) such as “" + (self.history[0] if self.history else "") +
                 "” kept apart (not compared)")]
        return tuple(f"read from {kind}: {n} {what}" for n, what in said if n)


def _shape(text: str) -> str:
    """A line with its numbers blanked, so "Page 3 of 9" and "Page 4 of 9" are the same furniture."""
    return DIGITS.sub("#", " ".join(text.split())).casefold()


def _in_band(line: Line, edge: bool) -> bool:
    """Whether a line stands where running heads and footers do: the top or bottom band of its page, or
    (places unknown) among its page's first or last two lines (`edge`)."""
    if line.box is None or line.page_size is None:
        return edge
    height = line.page_size[1] or 1.0
    return line.box[1] < FURNITURE_BAND * height or line.box[3] > (1 - FURNITURE_BAND) * height


def _edges(lines: Sequence[Line]) -> list[bool]:
    """For each line, whether it is among the first or last two lines of its page."""
    positions: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        positions.setdefault(line.page, []).append(i)
    edge = [False] * len(lines)
    for found in positions.values():
        for i in found[:2] + found[-2:]:
            edge[i] = True
    return edge


def drop_furniture(lines: Sequence[Line], found: Recovery) -> list[Line]:
    """Remove running heads and footers (the same shape on most pages, at the top or bottom), page
    numbers and bare line numbers."""
    lines = [line for line in lines if line.text.strip()]
    band = [_in_band(line, edge) for line, edge in zip(lines, _edges(lines))]
    pages = {line.page for line in lines}
    repeats: Counter[str] = Counter()
    for page in pages:
        repeats.update({_shape(line.text) for line, b in zip(lines, band) if line.page == page and b})
    enough = max(2, (len(pages) + 1) // 2) if len(pages) > 1 else None
    kept: list[Line] = []
    for line, in_band in zip(lines, band):
        text = line.text.strip()
        if line.page and line.heading == 0 and PAGE_NUMBER.match(text) and in_band and \
                not LINE_NUMBER.match(text):
            found.page_numbers += 1
        elif line.heading == 0 and LINE_NUMBER.match(text) and line.page:
            found.line_numbers += 1
        elif enough and in_band and repeats[_shape(text)] >= enough:
            found.furniture += 1
        else:
            kept.append(line)
    return kept


def _starts_block(text: str) -> bool:
    return bool(SECTION.match(text) or CHAPTER.match(text) or LABEL.match(text) or HISTORY.match(text))


def _ends_paragraph(line: Line, right: float | None) -> bool:
    """Whether a line ends its paragraph: the input says so, or it is a short numbered heading that does
    not run on, or (where places are known) it stops well short of its column's right edge and ends a
    sentence."""
    if line.breaks or line.heading:
        return True
    text = line.text.strip()
    heading = bool(SECTION.match(text)) and len(text.split()) <= SHORT_HEADING_WORDS
    if line.box is None or right is None:
        return heading and text[-1] not in ",;-"
    short = line.box[2] < line.box[0] + (right - line.box[0]) * SHORT_LINE
    return short and (heading or bool(ENDS_SENTENCE.search(text)))


def _weight_changes(prev: Line, line: Line) -> bool:
    """Whether one line is bold and the other not, as where a bold heading meets body text (a page break
    between them hides the usual signs); a bold label ending in a colon ("AYES:") starts nothing."""
    return prev.bold != line.bold and not (line if line.bold else prev).text.rstrip().endswith(":")


def _goes_on(prev: Line | None, text: str, right: float | None) -> bool:
    """Whether `text`, which begins as a section heading or a list item would, only goes on with the
    sentence of the line before: that line's last word asks for the number it begins with ("... as
    allowed by Section" / "13.105.050, the City ..."), or it ends in a number the text spells out before
    its figures ("... within twelve" / "(12) months"); or, for a section or an article, that line runs to
    its column's right edge without ending a sentence ("... to waive the prohibition in" / "Section
    2.23.040 for a particular Contract ..."). A list item after "; and" still starts its own paragraph."""
    if prev is None or prev.breaks or prev.heading:
        return False
    before = " ".join(prev.text.split())
    if SECTION.match(before) and len(before.split()) <= SHORT_HEADING_WORDS:
        return False  # the line before is a heading itself
    if REFERS.search(before) or (NUMBER_WORD.search(before) and FIGURES.match(text)):
        return True
    full = prev.box is not None and right is not None and \
        prev.box[2] >= prev.box[0] + (right - prev.box[0]) * SHORT_LINE
    return bool(SECTION.match(text) or CHAPTER.match(text)) and full and not ENDS_SENTENCE.search(before) \
        and not before.endswith(",")


def _right_edges(lines: Sequence[Line]) -> list[float | None]:
    """For each line, the right edge of its column: the furthest right that lines starting in the same
    quarter of the page reach, anywhere in the document."""
    def bucket(line: Line) -> int:
        width = line.page_size[0] if line.page_size else 1.0
        return int(line.box[0] // (width / 4 or 1.0))

    furthest: dict[int, float] = {}
    for line in lines:
        if line.box is not None:
            furthest[bucket(line)] = max(furthest.get(bucket(line), 0.0), line.box[2])
    return [furthest[bucket(line)] if line.box is not None else None for line in lines]


def _gap_before(prev: Line, line: Line, gap: float | None) -> bool:
    """A vertical gap clearly larger than the usual line spacing parts two paragraphs."""
    if gap is None or prev.box is None or line.box is None or prev.page != line.page:
        return False
    return line.box[1] - prev.box[3] > gap * 1.5 + 1.0


def _typical_gap(lines: Sequence[Line]) -> float | None:
    gaps = sorted(round(b.box[1] - a.box[3], 1) for a, b in zip(lines, lines[1:])
                  if a.box and b.box and a.page == b.page and b.box[1] > a.box[3] - 1)
    return gaps[len(gaps) // 4] if gaps else None


def _join(first: str, second: str, found: Recovery, compounds: frozenset[str] = frozenset()) -> str:
    """Two lines of one paragraph joined; a word hyphenated at the first's end made whole again, unless
    the text writes it with its hyphen elsewhere (`compounds`: "non-disclosure" broken after "non-")."""
    if HYPHENATED.search(first) and second[:1].islower():
        found.hyphens += 1
        head, tail = WORD_END.search(first[:-1]), WORD_START.match(second)
        if first[-1] != "\u00ad" and head and tail and f"{head[0]}-{tail[0]}".casefold() in compounds:
            return first + second
        return first[:-1] + second
    return f"{first} {second}"


def _typed(text: str) -> str:
    """A line's text as typed: spaces collapsed, ligatures as their letters, soft hyphens out (but one that
    ends the line, where it broke a word)."""
    text = " ".join(text.translate(LIGATURES).split())
    return text[:-1].replace("\u00ad", "") + text[-1:] if "\u00ad" in text else text


def _compounds(lines: Sequence[Line]) -> frozenset[str]:
    """The hyphenated words a text writes whole on one line."""
    return frozenset(w.casefold() for line in lines for w in COMPOUND.findall(_typed(line.text)))


def paragraphs(lines: Sequence[Line], found: Recovery) -> list[tuple[str, int]]:
    """Lines joined into paragraphs: (text, heading level the input gave it)."""
    rights = _right_edges(lines)
    gap = _typical_gap(lines)
    compounds = _compounds(lines)
    out: list[tuple[str, int]] = []
    current: str | None = None
    level = 0
    prev: Line | None = None
    for n, line in enumerate(lines):
        text = _typed(line.text)
        fresh = current is None or line.heading or (_starts_block(text) and not _goes_on(prev, text, rights[n - 1])) \
            or (prev is not None and (_ends_paragraph(prev, rights[n - 1]) or _gap_before(prev, line, gap)
                                      or _weight_changes(prev, line)))
        if fresh:
            if current is not None:
                out.append((current, level))
            current, level = text, line.heading
        else:
            current = _join(current, text, found, compounds)
        prev = line
    if current is not None:
        out.append((current, level))
    return out


def _heading(text: str, level: int) -> tuple[str, str] | None:
    """(number, title) of a paragraph that heads a section, else None."""
    if (len(text.split()) > MAX_HEADING_WORDS and not level) or CHAPTER.match(text):
        return None  # a chapter's own heading stays with the preamble, as in a Word file
    match = SECTION.match(text)
    if match:
        number = match["num"] or match["num2"]
        title = SEPARATOR_START.sub("", (match["title"] or match["title2"]).strip()).rstrip(".")
        if level or len(title.split()) <= SHORT_HEADING_WORDS:
            return number, title
    return ("", text.rstrip(".")) if level >= 2 else None


def _contents(texts: list[tuple[str, int]], found: Recovery) -> list[tuple[str, int]]:
    """Take out a table of contents: lines before the first section heading that repeat a later heading."""
    first = next((i for i, (t, lv) in enumerate(texts) if _heading(t, lv) and not _repeated(texts, i)), None)
    if first is None:
        return texts
    later = {" ".join(t.casefold().split()).rstrip(".") for t, lv in texts[first:] if _heading(t, lv)}
    out = []
    for i, (text, level) in enumerate(texts):
        norm = " ".join(text.casefold().split()).rstrip(".")
        if i < first and (norm in later or norm in ("sections:", "sections")):
            found.contents += 1
        else:
            out.append((text, level))
    return out


def _repeated(texts: list[tuple[str, int]], i: int) -> bool:
    norm = " ".join(texts[i][0].casefold().split())
    return any(" ".join(t.casefold().split()) == norm for t, _ in texts[i + 1:])


def sections(texts: Iterable[tuple[str, int]], found: Recovery) -> DocumentText:
    """Paragraphs grouped under their headings; history notes kept apart."""
    built: list[Section] = []
    number, title, heading, body = "", "", None, []
    key: str | None = PREAMBLE
    index = 0
    for text, level in texts:
        if HISTORY.match(text) and not level:
            found.history.append(text)
            continue
        head = _heading(text, level)
        if head and head[0]:
            text = SEPARATOR.sub(r"\1 ", text, count=1)
        para = Paragraph(index, text, f"Heading {min(max(level, 2), 6)}" if head else "")
        index += 1
        if head:
            built.append(Section(key, number, title, heading, tuple(body)))
            key, (number, title), heading, body = None, head, para, []
        else:
            body.append(para)
    built.append(Section(key, number, title, heading, tuple(body)))
    return DocumentText(tuple(built))


def recover(lines: Sequence[Line], *, kind: str) -> DocumentText:
    """The whole recovery: furniture out, paragraphs joined, contents and history kept apart, sections."""
    found = Recovery()
    texts = _contents(paragraphs(drop_furniture(lines, found), found), found)
    document = sections(texts, found)
    return DocumentText(document.sections, found.notes(kind))
