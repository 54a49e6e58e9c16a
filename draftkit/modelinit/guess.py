"""What a bracketed model means, guessed from its paragraphs: its provisions (headings, "Section N." lines),
its blanks ("[City/County]", "[date of adoption]", "[$ amount]") and its references to its own sections; and
for each paragraph the edits that make it a template (blanks and section numbers become Jinja expressions).
Plain data in, plain data out: no file format is known here."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .sections import BRACKET, NUM, NUMBER, Found, Numbering, find_provisions, identifier
from .source import SourceParagraph

GROUP = "blanks"  # the schema group the model's blanks go in
PREAMBLE, FURNITURE = "preamble", "furniture"  # where a blank is used, besides provisions' ids
REFERENCE = re.compile(rf"\b(?:[Ss]ections?|SECTIONS?|Secs?\.)\s+(?P<nums>{NUM}(?:\s*(?:,|and|or|through|to|&)"
                       rf"\s*{NUM})*)")
ANONYMOUS = re.compile(r"^[\s_.…-]*$")                   # "[____]": a blank without words
NOT_BLANK = re.compile(r"^\s*(?:\d{1,3}|sic|\*+)\s*$", re.IGNORECASE)  # "[1]", "[sic]": note marks
JINJA_OPENING = re.compile(r"\{(?=[{%#])")
OPENING = "{{ '{' }}"  # a brace that would open a Jinja tag, as a template writes it
DATE_WORDS = re.compile(r"\b(?:date|dated|day of|mm/dd|month,? day)\b", re.IGNORECASE)
AMOUNT_WORDS = re.compile(r"\$|\b(?:amount|dollars?|fees?|fines?|penalty|penalties|cost)\b", re.IGNORECASE)
NUMBER_WORDS = re.compile(r"\bnumber of\b|\bhow many\b|\b(?:days|weeks|months|years|hours|percent)\b", re.IGNORECASE)
SYMBOL = re.compile(r"^\s*(?:#+|n|x+)\s*$", re.IGNORECASE)  # "[X]", "[#]": a blank named by a sign, typed by context
MAX_FIELD_WORDS = 4


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
class Reference:
    """A reference made computed: "Sections 3 and 4" (as written), the number "4", the provision it names, and
    where it is (a provision id)."""

    written: str
    number: str
    target: str
    where: str


@dataclass
class Reading:
    """Everything guessed: the model's name, provisions, blanks, the edits by paragraph index, and notes."""

    name: str
    provisions: list[Found]
    blanks: list[Blank]
    edits: dict[int, list[Edit]]
    numbering: Numbering                             # whether section numbers and references are computed
    references: list[Reference] = field(default_factory=list)
    chapter: str | None = None                       # the field a chapter's section numbers are numbered from
    unread: list[str] = field(default_factory=list)  # what could not be interpreted, in words

    def label(self, where: str) -> str:
        """A provision's label by its id ("the opening text" before the first)."""
        if where == FURNITURE:
            return "a header or footer"
        return next((p.label for p in self.provisions if p.id == where), "the opening text")

    @property
    def computed(self) -> bool:
        return self.numbering.computed

    def provision_at(self, index: int) -> Found | None:
        return next((p for p in self.provisions if p.index == index), None)


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
            kind, options = _context_kind(context) if anonymous or SYMBOL.match(inner) else _kind(text)
            words = f"{where} blank" if anonymous else text if kind != "choice" else " or ".join(options)
            name = identifier(words, MAX_FIELD_WORDS, self.taken, "blank")
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
    if blank.kind in ("amount", "number"):  # a whole number; the model's own value is the blank itself
        shown = f"{path}|money" if blank.kind == "amount" else path
        shown = f'{shown}|replace("$", "")' if blank.kind == "amount" and after_dollar else shown
        return f"{{% if {path} == {_literal('[' + blank.text + ']')} %}}{escape(written)}{{% else %}}" \
               f"{{{{ {shown} }}}}{{% endif %}}"
    value = f"{path}|longdate" if blank.kind == "date" else path
    if case is None:  # written in another case than the field: the model's own value as written here
        return f"{{% if {path} == {_literal('[' + blank.text + ']')} %}}{escape(written)}{{% else %}}" \
               f"{{{{ {value} }}}}{{% endif %}}"
    return f"{{{{ {value}{case} }}}}"


def _literal(text: str) -> str:
    """A Jinja string literal of `text` that survives docxtpl: every character but letters, digits, spaces and
    plain punctuation written as an escape (inside a tag docxtpl makes curly quotes straight, and the XML
    escapes of & < > stay as they are)."""
    return '"' + "".join(c if c.isascii() and (c.isalnum() or c in " .,;:!?()[]/-_$*+=@") else
                         f"\\u{ord(c):04x}" if ord(c) < 0x10000 else f"\\U{ord(c):08x}" for c in text) + '"'


def escape(text: str) -> str:
    """Literal text as a template writes it: what would open a Jinja tag is written as an expression."""
    return JINJA_OPENING.sub(OPENING, text)


# --- the whole reading ------------------------------------------------------------------------------------


def read_guesses(paragraphs: tuple[SourceParagraph, ...]) -> Reading:
    """Provisions, blanks, references and the edits of every paragraph."""
    provisions, numbering = find_provisions(paragraphs)
    by_number = {f.number: f for f in provisions if f.number} if numbering.computed else {}
    blanks = _Blanks(_written(paragraphs))
    reading = Reading(_name(paragraphs, provisions), provisions, blanks.order, {}, numbering)
    current = PREAMBLE
    for p in paragraphs:
        heading = reading.provision_at(p.index)
        current = heading.id if heading else current
        edits = _blank_edits(p.text, blanks, FURNITURE if p.part else current, reading)
        numbers = _reference_edits(p.text, [(e.start, e.end) for e in edits], by_number, current, reading,
                                   skip=heading.written if heading else None)
        if heading and heading.written and numbering.computed:
            numbers.append(Edit(*heading.written, f"{{{{ sec.{heading.id} }}}}"))
        # a section number holding a blank ("[Chapter].010") is computed whole
        edits = [e for e in edits if not any(n.start < e.end and e.start < n.end for n in numbers)] + numbers
        edits += [Edit(m.start(), m.end(), OPENING) for m in JINJA_OPENING.finditer(p.text)
                  if not any(e.start <= m.start() < e.end for e in edits)]
        if edits:
            reading.edits[p.index] = sorted(edits, key=lambda e: e.start)
    if numbering.chapter:
        reading.chapter = blanks.by_key[_key(numbering.chapter)].path
    if not numbering.computed and any(f.number for f in provisions):
        shown = ", ".join(f.number for f in provisions if f.number)
        reading.unread.append(f"section numbers ({shown}) do not run 1, 2, 3... (nor [Chapter].010, .020... after "
                              "them); they are kept as written, and so are references to them (nothing renumbers)")
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
            continue  # words inside a blank, or the heading's own number
        for number in NUMBER.finditer(match["nums"]):
            start, end = match.start("nums") + number.start(), match.start("nums") + number.end()
            if skip and skip[0] <= start < skip[1]:
                continue
            target = by_number.get(number.group())
            said = f"“{match.group()}” in {reading.label(where)}"
            if target is None and reading.computed and _could_be_ours(number.group(), len(reading.provisions)):
                reading.unread.append(f"{said}: no section {number.group()} of the model to point to; left as written")
            if target is None:
                continue
            edits.append(Edit(start, end, f"{{{{ sec.{target.id} }}}}"))
            reading.references.append(Reference(match.group(), number.group(), target.id, where))
    return edits


def _could_be_ours(number: str, count: int) -> bool:
    """Whether a number that names no provision could still be meant as one (not "section 36937" of a code)."""
    head = number.split(".")[0]
    return not head.isdigit() or int(head) <= 2 * count + 2


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
