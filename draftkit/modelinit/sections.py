"""A bracketed model's sections: its provisions, found at "Section N." lines and headings, and how they are
numbered — 1, 2, 3... (sections of the ordinance itself), and, when the ordinance adds a chapter to a code,
"[Chapter].010", ".020"... (the chapter's sections, numbered from a blank). Numbers the engine can compute
are computed; others are kept as written."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .source import SourceParagraph

BRACKET = re.compile(r"\[(?P<inner>[^\[\]\n]{1,200})\]")
# A section number: "3", "2.1", or a chapter's "[Chapter].010" / "13.105.010".
NUM = r"(?:\[[^\[\]\n]{1,60}\](?:\.\d+)+|\d+(?:\.\d+)*)"
SECTION_LINE = re.compile(rf"^(?P<word>SECTION|Section|SEC\.|Sec\.)\s+(?P<num>{NUM})(?P<sep>[.:]|\s*[-–—])?"
                          r"(?:\s+(?P<title>\S.*))?$")
LEADING_NUMBER = re.compile(rf"^(?P<num>{NUM})[.)]?\s+(?P<title>\S.*)$")
CODE_NUMBER = re.compile(r"^(?P<prefix>\[[^\[\]\n]{1,60}\]|\d+(?:\.\d+)*)\.(?P<n>\d{3})$")
NUMBER = re.compile(NUM)
STOP_WORDS = {"the", "of", "a", "an", "and", "or", "to", "for", "in", "on", "by", "at", "with", "insert", "enter"}
DICT_NAMES = set(dir(dict))  # names a template cannot reach as `group.name`: the methods of the dict each group is
MAX_ID_WORDS = 3
MAX_TITLE_WORDS = 15


@dataclass(frozen=True)
class Found:
    """A provision found at a heading."""

    id: str
    label: str
    number: str | None   # the number it is given in the model ("3"), whether written or drawn by numbering
    index: int           # the heading paragraph's index
    written: tuple[int, int] | None = None   # where the number is written in the heading's text
    part: str = "act"    # "act": numbered 1, 2, 3...; "code": a section of the chapter the ordinance adds
    adds_code: bool = False                  # the act section the chapter's sections follow


@dataclass(frozen=True)
class Numbering:
    """How the engine numbers the model's sections: whether it can (`computed`), and for a chapter's
    sections the blank that holds the chapter ("[Chapter]") and the step (10 for .010, .020...)."""

    computed: bool
    chapter: str | None = None
    step: int = 10


def words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", ascii_text)


def identifier(text: str, limit: int, taken: set[str], fallback: str) -> str:
    """A name made of the first significant words of `text`, unique among `taken` (which it joins)."""
    found = [w for w in words(text) if w not in STOP_WORDS] or words(text)
    base = "_".join(found[:limit]) or fallback
    if base[0].isdigit():
        base = f"{fallback}_{base}"
    if base in DICT_NAMES:
        base += "_"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def without_blanks(text: str) -> str:
    """Text with its bracketed blanks left out ("Addition of Chapter [Chapter]" -> "Addition of Chapter")."""
    return " ".join(BRACKET.sub(" ", text).split()).rstrip(" .:,;")


def _title(rest: str) -> str:
    """A heading's title: the words before the first full stop when the section's text runs on after it."""
    rest = rest.strip()
    head = re.match(r"^(.{1,120}?)\.(?:\s|$)", rest)
    title = head.group(1) if head else rest
    return " ".join(title.split()[:MAX_TITLE_WORDS]).rstrip(".:")


def is_heading_style(p: SourceParagraph) -> bool:
    return p.style.lower().startswith("heading") and bool(p.text.strip()) and p.in_body


def _section_line(p: SourceParagraph) -> re.Match | None:
    """A "Section N." line that starts a section: with a mark after its number ("Section 3." "Section 3 –"),
    or else short, in a heading style or with a capitalised title ("Section 3 Definitions"), so that a
    sentence such as "Section 3 of this ordinance applies..." is not taken for one."""
    text = p.text.strip()
    match = SECTION_LINE.match(text) if p.in_body else None
    if match is None or match["sep"] or is_heading_style(p) or not match["title"]:
        return match
    short = len(text.split()) <= MAX_TITLE_WORDS
    return match if short and match["title"][0].isupper() else None


def _number_of(p: SourceParagraph) -> tuple[str | None, tuple[int, int] | None, str]:
    """A heading paragraph's number (written in its text, or drawn by list numbering), where it is written,
    and its title."""
    text = p.text.strip()
    offset = len(p.text) - len(p.text.lstrip())
    lead = LEADING_NUMBER.match(text)
    label_number = NUMBER.search(p.label) if p.label else None
    if lead and not label_number:
        return lead["num"], (offset, offset + len(lead["num"])), _title(lead["title"])
    return label_number.group() if label_number else None, None, _title(text)


def _headings(paragraphs: tuple[SourceParagraph, ...]) -> list[tuple[SourceParagraph, str | None, tuple | None, str]]:
    """(paragraph, number, where the number is written, title) of each provision heading: "Section N." lines
    and, from the first of them (or else from the first numbered one), paragraphs in a heading style."""
    lines = {p.index: m for p in paragraphs if (m := _section_line(p))}
    numbered = [p.index for p in paragraphs if is_heading_style(p) and _number_of(p)[0]]
    first = min(lines) if lines else min(numbered) if numbered else -1
    out = []
    for p in paragraphs:
        if p.index in lines:
            match, offset = lines[p.index], len(p.text) - len(p.text.lstrip())
            out.append((p, match["num"], (offset + match.start("num"), offset + match.end("num")),
                        _title(match["title"] or "")))
        elif is_heading_style(p) and p.index >= first:
            out.append((p, *_number_of(p)))
    return out


def find_provisions(paragraphs: tuple[SourceParagraph, ...]) -> tuple[list[Found], Numbering]:
    """The provisions found, and how they are numbered."""
    taken: set[str] = set()
    found = []
    for p, number, written, title in _headings(paragraphs):
        label = without_blanks(title) or (f"Section {number}" if number else "Section")
        key = identifier(label, MAX_ID_WORDS, taken, "section")
        found.append(Found(key, label, number, p.index, written))
    return _numbered(found)


def _numbered(found: list[Found]) -> tuple[list[Found], Numbering]:
    """The provisions with their parts, when their numbers run as the engine numbers sections: the
    ordinance's own 1, 2, 3..., and a chapter's sections "[Chapter].010", ".020"... in one run after them."""
    numbered = [f for f in found if f.number]
    acts = [f.number for f in numbered if f.number.isdigit()]
    codes = [(f, CODE_NUMBER.match(f.number)) for f in numbered if not f.number.isdigit()]
    if not numbered or acts != [str(n) for n in range(1, len(acts) + 1)]:
        return found, Numbering(False)
    if not codes:
        return found, Numbering(True)
    prefixes = {m["prefix"] if m else None for _, m in codes}
    prefix = prefixes.pop() if len(prefixes) == 1 else None
    steps = [int(m["n"]) for _, m in codes if m]
    first = numbered.index(codes[0][0])
    together = numbered[first:first + len(codes)] == [f for f, _ in codes]
    if not (prefix and prefix.startswith("[") and together and steps[0]
            and steps == [steps[0] * (k + 1) for k in range(len(steps))]):
        return found, Numbering(False)
    code_ids = {f.id for f, _ in codes}
    before = numbered[first - 1].id if first else None
    parts = [replace(f, part="code" if f.id in code_ids else "act", adds_code=f.id == before) for f in found]
    return parts, Numbering(True, prefix[1:-1], steps[0])
