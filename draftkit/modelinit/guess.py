"""What a bracketed model means, guessed from its paragraphs: its provisions (headings, "Section N." lines),
its blanks ("[City/County]", "[date of adoption]", "[$ amount]") and its references to its own sections; and
for each paragraph the edits that make it a template (blanks and section numbers become Jinja expressions).
Plain data in, plain data out: no file format is known here."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .source import SourceParagraph

GROUP = "blanks"  # the schema group the model's blanks go in
PREAMBLE, FURNITURE = "preamble", "furniture"  # where a blank is used, besides provisions' ids
BRACKET = re.compile(r"\[(?P<inner>[^\[\]\n]{1,200})\]")
SECTION_LINE = re.compile(r"^(?P<word>SECTION|Section|SEC\.|Sec\.)\s+(?P<num>\d+(?:\.\d+)*)(?P<sep>[.:]|\s*[-–—])?"
                          r"(?:\s+(?P<title>\S.*))?$")
LEADING_NUMBER = re.compile(r"^(?P<num>\d+(?:\.\d+)*)[.)]?\s+(?P<title>\S.*)$")
REFERENCE = re.compile(r"\b(?:[Ss]ections?|SECTIONS?|Secs?\.)\s+(?P<nums>\d+(?:\.\d+)*(?:\s*(?:,|and|or|through|to|&)"
                       r"\s*\d+(?:\.\d+)*)*)")
NUMBER = re.compile(r"\d+(?:\.\d+)*")
ANONYMOUS = re.compile(r"^[\s_.…-]*$")                   # "[____]": a blank without words
NOT_BLANK = re.compile(r"^\s*(?:\d{1,3}|sic|\*+)\s*$", re.IGNORECASE)  # "[1]", "[sic]": note marks
JINJA_OPENING = re.compile(r"\{(?=[{%#])")
OPENING = "{{ '{' }}"  # a brace that would open a Jinja tag, as a template writes it
DATE_WORDS = re.compile(r"\b(?:date|dated|day of|mm/dd|month,? day)\b", re.IGNORECASE)
AMOUNT_WORDS = re.compile(r"\$|\b(?:amount|dollars?|fees?|fines?|penalty|penalties|cost)\b", re.IGNORECASE)
NUMBER_WORDS = re.compile(r"^\s*(?:#|n|x+|_+|\d+)\s*$|\bnumber of\b|\bhow many\b|\b(?:days|weeks|months|years|hours|"
                          r"percent)\b", re.IGNORECASE)
STOP_WORDS = {"the", "of", "a", "an", "and", "or", "to", "for", "in", "on", "by", "at", "with", "insert", "enter"}
# Names a template cannot reach as `group.name`: the methods of the dict each group is.
DICT_NAMES = set(dir(dict))
MAX_ID_WORDS = 3
MAX_FIELD_WORDS = 4
MAX_TITLE_WORDS = 15


@dataclass(frozen=True)
class Edit:
    """Replace the source text from `start` to `end` with `text` (template text)."""

    start: int
    end: int
    text: str


@dataclass
class Blank:
    """One field: every bracketed blank that reads the same (letter case aside) is this one field."""

    name: str
    text: str                  # the words in the brackets, as first written
    kind: str                  # "text", "choice", "date", "amount" or "number"
    options: tuple[str, ...] = ()
    used_in: list[str] = field(default_factory=list)  # provision ids (or PREAMBLE, FURNITURE)
    count: int = 0

    @property
    def path(self) -> str:
        return f"{GROUP}.{self.name}"


@dataclass(frozen=True)
class Found:
    """A provision found at a heading."""

    id: str
    label: str
    number: str | None   # the number it is given in the model ("3"), whether written or drawn by numbering
    index: int           # the heading paragraph's index
    written: tuple[int, int] | None = None   # where the number is written in the heading's text


@dataclass
class Reading:
    """Everything guessed: the model's name, provisions, blanks, the edits by paragraph index, and notes."""

    name: str
    provisions: list[Found]
    blanks: list[Blank]
    edits: dict[int, list[Edit]]
    computed: bool                                   # section numbers and references become computed
    references: list[tuple[str, str, str]] = field(default_factory=list)  # (as written, provision id, where)
    unread: list[str] = field(default_factory=list)  # what could not be interpreted, in words

    def label(self, where: str) -> str:
        """A provision's label by its id ("the opening text" before the first)."""
        if where == FURNITURE:
            return "a header or footer"
        return next((p.label for p in self.provisions if p.id == where), "the opening text")

    def provision_at(self, index: int) -> Found | None:
        return next((p for p in self.provisions if p.index == index), None)


def _words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", ascii_text)


def _identifier(text: str, limit: int, taken: set[str], fallback: str) -> str:
    """A name made of the first significant words of `text`, unique among `taken` (which it joins)."""
    words = [w for w in _words(text) if w not in STOP_WORDS] or _words(text)
    base = "_".join(words[:limit]) or fallback
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


# --- provisions -------------------------------------------------------------------------------------------


def _title(rest: str) -> str:
    """A heading's title: the words before the first full stop when the section's text runs on after it."""
    rest = rest.strip()
    head = re.match(r"^(.{1,120}?)\.(?:\s|$)", rest)
    title = head.group(1) if head else rest
    words = title.split()
    return " ".join(words[:MAX_TITLE_WORDS]).rstrip(".:")


def _is_heading_style(p: SourceParagraph) -> bool:
    return p.style.lower().startswith("heading") and bool(p.text.strip()) and p.in_body


def _label_number(label: str) -> str | None:
    found = NUMBER.search(label)
    return found.group() if found else None


def _section_line(p: SourceParagraph) -> re.Match | None:
    """A "Section N." line that starts a section: with a mark after its number ("Section 3." "Section 3 –"),
    or else short, in a heading style or with a capitalised title ("Section 3 Definitions"), so that a
    sentence such as "Section 3 of this ordinance applies..." is not taken for one."""
    text = p.text.strip()
    match = SECTION_LINE.match(text) if p.in_body else None
    if match is None or match["sep"] or _is_heading_style(p) or not match["title"]:
        return match
    short = len(text.split()) <= MAX_TITLE_WORDS
    return match if short and match["title"][0].isupper() else None


def _number_of(p: SourceParagraph) -> tuple[str | None, tuple[int, int] | None, str]:
    """A heading paragraph's number (written in its text, or drawn by list numbering), where it is written,
    and its title."""
    text = p.text.strip()
    offset = len(p.text) - len(p.text.lstrip())
    lead = LEADING_NUMBER.match(text)
    label_number = _label_number(p.label) if p.label else None
    if lead and not label_number:
        return lead["num"], (offset, offset + len(lead["num"])), _title(lead["title"])
    return label_number, None, _title(text)


def _headings(paragraphs: tuple[SourceParagraph, ...]) -> list[tuple[SourceParagraph, str | None, tuple | None, str]]:
    """(paragraph, number, where the number is written, title) of each provision heading: "Section N." lines
    and, from the first of them (or else from the first numbered one), paragraphs in a heading style."""
    lines = {p.index: m for p in paragraphs if (m := _section_line(p))}
    numbered = [p.index for p in paragraphs if _is_heading_style(p) and _number_of(p)[0]]
    first = min(lines) if lines else min(numbered) if numbered else -1
    out = []
    for p in paragraphs:
        if p.index in lines:
            match, offset = lines[p.index], len(p.text) - len(p.text.lstrip())
            out.append((p, match["num"], (offset + match.start("num"), offset + match.end("num")),
                        _title(match["title"] or "")))
        elif _is_heading_style(p) and p.index >= first:
            out.append((p, *_number_of(p)))
    return out


def _provisions(paragraphs: tuple[SourceParagraph, ...]) -> tuple[list[Found], bool]:
    """The provisions found, and whether their numbers run 1, 2, 3... (so the engine can compute them)."""
    taken: set[str] = set()
    found = []
    for p, number, written, title in _headings(paragraphs):
        label = title or (f"Section {number}" if number else "Section")
        key = _identifier(title, MAX_ID_WORDS, taken, "section") if title else \
            _identifier(f"section {number or len(found) + 1}", MAX_ID_WORDS, taken, "section")
        found.append(Found(key, BRACKET.sub(lambda m: m["inner"], label), number, p.index, written))
    numbers = [f.number for f in found if f.number]
    return found, bool(numbers) and numbers == [str(n) for n in range(1, len(numbers) + 1)]


# --- blanks -----------------------------------------------------------------------------------------------


def _kind(inner: str) -> tuple[str, tuple[str, ...]]:
    if DATE_WORDS.search(inner):
        return "date", ()
    options = tuple(o.strip() for o in inner.split("/"))
    if len(options) >= 2 and all(o and len(o.split()) <= 4 for o in options) and len(options) <= 6:
        return "choice", options
    if AMOUNT_WORDS.search(inner):
        return "amount", ()
    if NUMBER_WORDS.search(inner):
        return "number", ()
    return "text", ()


def _case_filter(first: str, seen: str, kind: str) -> str | None:
    """The filter that writes a blank as `seen` when its field reads `first`: "" for the same words, "|upper"
    for capitals (titles); for a choice (common nouns) "|lower" or "|title" too. None when no filter does."""
    if seen == first:
        return ""
    if first.upper() == seen:
        return "|upper"
    if kind == "choice":
        return next((f"|{name}" for name, change in (("lower", str.lower), ("title", str.title))
                     if change(first) == seen), None)
    return None


def _key(inner: str) -> str:
    return " ".join(inner.split()).casefold()


class _Blanks:
    """The blanks met so far, by their words (letter case aside). `written` gives for each the way its field
    is first written other than in capitals (a title's capitals are the blank's words in another case)."""

    def __init__(self, written: dict[str, str]) -> None:
        self.written = written
        self.by_key: dict[str, Blank] = {}
        self.order: list[Blank] = []
        self.taken: set[str] = {"name", "full_name"}

    def meet(self, inner: str, where: str, *, context: tuple[str, str] = ("", "")) -> tuple[Blank, str | None]:
        """The field a blank belongs to, and the filter that writes it as it is written here (None: the model's
        own value is written as here, any other value as it is). A blank without words ("[____]") is a field of
        its own each time, named after its section and typed by the words around it (`context`)."""
        anonymous = ANONYMOUS.match(inner) is not None
        key = f"{len(self.order)}:{inner}" if anonymous else _key(inner)
        if key not in self.by_key:
            text = self.written.get(key, inner)
            kind, options = _context_kind(context) if anonymous else _kind(text)
            words = f"{where} blank" if anonymous else text if kind != "choice" else " or ".join(options)
            name = _identifier(words, MAX_FIELD_WORDS, self.taken, "blank")
            self.by_key[key] = Blank(name, text, kind, options)
            self.order.append(self.by_key[key])
        blank = self.by_key[key]
        blank.count += 1
        if where not in blank.used_in:
            blank.used_in.append(where)
        return blank, _case_filter(blank.text, inner, blank.kind)


def _context_kind(context: tuple[str, str]) -> tuple[str, tuple[str, ...]]:
    """The type of a blank without words, from the text before and after it: "$[___]" an amount, "[___] days"
    a number."""
    before, after = context
    if before.endswith("$"):
        return "amount", ()
    if re.match(r"\s+(?:business\s+|calendar\s+)?(?:days|weeks|months|years|hours|percent)\b", after):
        return "number", ()
    return "text", ()


def _written(paragraphs: tuple[SourceParagraph, ...]) -> dict[str, str]:
    """Each blank's words as first written other than in capitals (or in capitals, if only so)."""
    found: dict[str, str] = {}
    for p in paragraphs:
        for match in BRACKET.finditer(p.text):
            inner, key = match["inner"], _key(match["inner"])
            if key not in found or (found[key].isupper() and not inner.isupper()):
                found[key] = inner
    return found


def expression(blank: Blank, case: str | None, written: str, *, after_dollar: bool = False) -> str:
    """The template text that stands for one blank as written (`written`, brackets included); `after_dollar`
    when the model writes the dollar sign before the brackets ("$[amount]")."""
    path = blank.path
    if blank.kind in ("amount", "number"):  # a whole number; the model's own value is empty (the blank itself)
        shown = f"{path}|money" if blank.kind == "amount" else path
        shown = f'{shown}|replace("$", "")' if blank.kind == "amount" and after_dollar else shown
        return f"{{% if {path} is none %}}{escape(written)}{{% else %}}{{{{ {shown} }}}}{{% endif %}}"
    value = f"{path}|longdate" if blank.kind == "date" else path
    if case is None:  # written in another case than the field: the model's own value as written here
        return f"{{% if {path} == {_literal('[' + blank.text + ']')} %}}{escape(written)}{{% else %}}" \
               f"{{{{ {value} }}}}{{% endif %}}"
    return f"{{{{ {value}{case} }}}}"


def _literal(text: str) -> str:
    """A Jinja string literal of `text`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def escape(text: str) -> str:
    """Literal text as a template writes it: what would open a Jinja tag is written as an expression."""
    return JINJA_OPENING.sub(OPENING, text)


# --- the whole reading ------------------------------------------------------------------------------------


def read_guesses(paragraphs: tuple[SourceParagraph, ...]) -> Reading:
    """Provisions, blanks, references and the edits of every paragraph."""
    provisions, computed = _provisions(paragraphs)
    by_number = {f.number: f for f in provisions if f.number} if computed else {}
    blanks = _Blanks(_written(paragraphs))
    reading = Reading(_name(paragraphs, provisions), provisions, blanks.order, {}, computed)
    current = PREAMBLE
    for p in paragraphs:
        heading = reading.provision_at(p.index)
        if heading:
            current = heading.id
        edits = _blank_edits(p.text, blanks, FURNITURE if p.part else current, reading)
        taken = [(e.start, e.end) for e in edits]
        if heading and heading.written and computed:
            edits.append(Edit(*heading.written, f"{{{{ sec.{heading.id} }}}}"))
            taken.append(heading.written)
        edits += _reference_edits(p.text, taken, by_number, current, reading, skip=heading.written if heading else None)
        edits += [Edit(m.start(), m.end(), OPENING) for m in JINJA_OPENING.finditer(p.text)
                  if not any(s <= m.start() < e for s, e in taken)]
        if edits:
            reading.edits[p.index] = sorted(edits, key=lambda e: e.start)
    if not computed and any(f.number for f in provisions):
        shown = ", ".join(f.number for f in provisions if f.number)
        reading.unread.append(f"section numbers ({shown}) do not run 1, 2, 3...; they are kept as written, and "
                              "so are references to them (nothing renumbers)")
    return reading


def _blank_edits(text: str, blanks: _Blanks, where: str, reading: Reading) -> list[Edit]:
    edits = []
    for match in BRACKET.finditer(text):
        if NOT_BLANK.match(match["inner"]):
            reading.unread.append(f"“{match.group()}” in {reading.label(where)}: read as a note mark, not a blank; "
                                  "left as written")
            continue
        context = (text[:match.start()], text[match.end():])
        blank, case = blanks.meet(match["inner"], where, context=context)
        after_dollar = text[max(match.start() - 1, 0):match.start()] == "$"
        edits.append(Edit(match.start(), match.end(), expression(blank, case, match.group(), after_dollar=after_dollar)))
    return edits


def _reference_edits(text: str, taken: list[tuple[int, int]], by_number: dict[str, Found], where: str,
                     reading: Reading, *, skip: tuple[int, int] | None) -> list[Edit]:
    """Each "Section 4" (or "Sections 3 and 4") naming a provision becomes its computed number."""
    edits = []
    for match in REFERENCE.finditer(text):
        if any(s <= match.start() < e for s, e in taken) or (skip and skip[0] <= match.start("nums") < skip[1]):
            continue
        for number in NUMBER.finditer(match["nums"]):
            start, end = match.start("nums") + number.start(), match.start("nums") + number.end()
            if skip and skip[0] <= start < skip[1]:
                continue
            target = by_number.get(number.group())
            said = f"“{match.group()}” in {reading.label(where)}"
            if target is None and reading.computed:
                reading.unread.append(f"{said}: no section {number.group()} of the model to point to; left as written")
            if target is None:
                continue
            edits.append(Edit(start, end, f"{{{{ sec.{target.id} }}}}"))
            reading.references.append((f"{text[match.start():start]}{number.group()}".strip(), target.id, where))
    return edits


def _name(paragraphs: tuple[SourceParagraph, ...], provisions: list[Found]) -> str:
    """The model's name: its Title paragraph, or else its first paragraph, without its blanks ("Ordinance of
    [NAME OF CITY]" is named "Ordinance")."""
    first_heading = provisions[0].index if provisions else len(paragraphs)
    before = [p for p in paragraphs if p.index < first_heading and p.text.strip() and p.in_body]
    titled = [p for p in before if p.style.lower() == "title"]
    chosen = (titled or before or [p for p in paragraphs if p.text.strip()])[0].text if paragraphs else ""
    name = " ".join(BRACKET.sub(" ", chosen).split())
    name = re.sub(r"(?:[\s,;:–—-]+|\s+(?:of|for|in|the|and|to)\b)+$", "", name, flags=re.IGNORECASE)
    return name[:200] or "Imported model"
