"""The list label a reader sees before each paragraph with Word's automatic numbering (ECMA-376 Part 1, 17.9).

A paragraph's list comes from its own w:numPr or from its style's (through w:basedOn); a w:num names an
w:abstractNum (perhaps through a numbering style's w:numStyleLink) and may override its levels. Counters
are kept per abstractNum, as Word keeps them: w:num instances of one abstractNum continue one another, and
a w:startOverride restarts its level when its w:num is first used. Where Word departs from the standard
(a level restarts after the level w:lvlRestart names "or any higher level", [MS-OI29500]), this follows
Word. Nothing here raises on a malformed or missing definition: the paragraph has no label, as in Word.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lxml import etree

from .names import PARSER, child, w

LEVELS = 9
VAL = w("val")
_PPR, _NUMPR, _PSTYLE = w("pPr"), w("numPr"), w("pStyle")
_NAMES = {name: w(name) for name in ("numId", "ilvl", "pStyle", "numPr", "pPr")}  # the names asked most often
OFF = ("0", "false", "off")
SUFFIXES = {"tab": "\t", "space": " ", "nothing": ""}
BULLET = "\u2022"
SYMBOL_FONT_CHARS = range(0xF000, 0xF100)  # Symbol/Wingdings glyphs Word stores in the private-use area
LARGEST = 32_767  # Word's largest list number; letters and numerals past it are written as decimals here
MAX_HOPS = 32  # w:basedOn / w:numStyleLink links followed before a chain counts as a cycle
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                 "nine": "ninth", "twelve": "twelfth"}
# Plain classes with slots rather than dataclasses: a dataclass generates its methods when the module is
# imported, which every process that reads a DOCX would pay for, and nothing here compares these.


class Level:
    """One level of a list definition (w:lvl): how its counter starts, restarts and is written."""

    __slots__ = ("start", "fmt", "text", "restart", "legal", "hidden", "suffix", "style")

    def __init__(self, start: int = 0, fmt: str = "decimal", text: str = "", restart: int | None = None,
                 legal: bool = False, hidden: bool = False, suffix: str = "\t", style: str | None = None) -> None:
        self.start, self.fmt, self.text = start, fmt, text
        self.restart = restart  # w:lvlRestart: None after any higher level, 0 never, n after level n-1 or higher
        self.legal, self.hidden, self.suffix, self.style = legal, hidden, suffix, style


class _List:
    """A w:num resolved: the abstractNum its counters belong to, its levels, and their starting values."""

    __slots__ = ("key", "levels", "starts", "restarts", "rules", "linked")

    def __init__(self, key: int, levels: tuple[Level | None, ...], starts: tuple[int, ...], restarts: frozenset[int],
                 rules: tuple[int | None, ...], linked: dict[str, int]) -> None:
        self.key, self.levels, self.starts = key, levels, starts
        self.restarts = restarts  # levels a w:startOverride restarts when this w:num is first used
        self.rules = rules  # the abstractNum's w:lvlRestart (Word ignores it in an overriding w:lvl)
        self.linked = linked  # paragraph style id -> the level whose w:pStyle names it


class StyleSheet:
    """What a styles part says of its styles: each style's name (`names`, as `text.style_names` reads them:
    the last of a duplicated id wins), what numbering needs of each (`numbering`: its w:basedOn parent and
    its w:numPr numId and ilvl; the first of a duplicated id wins) and the default paragraph style's id."""

    __slots__ = ("names", "numbering", "default")

    def __init__(self, names: dict[str, str], numbering: dict[str, tuple[str | None, int | None, int | None]],
                 default: str | None) -> None:
        self.names, self.numbering, self.default = names, numbering, default


def style_sheet(parts: dict[str, bytes]) -> StyleSheet:
    """The package's word/styles.xml read (once per process for each distinct part: the documents of one
    comparison mostly share their template's styles); an empty sheet when it is missing or not well-formed."""
    return _sheet(parts.get("word/styles.xml") or b"")


def _parse(xml: bytes | None) -> etree._Element | None:
    """The part's root, or None when it is missing or not well-formed."""
    if not xml:
        return None
    try:
        return etree.fromstring(xml, PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _val(el: etree._Element | None, child: str) -> str | None:
    """The w:val of `el`'s child w:`child`; None when either is missing."""
    if el is None:
        return None
    found = el.find(_NAMES.get(child) or w(child))
    return found.get(VAL) if found is not None else None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _on(el: etree._Element | None, child: str) -> bool:
    """Whether the toggle property w:`child` of `el` is present and not switched off."""
    found = el.find(w(child)) if el is not None else None
    return found is not None and found.get(VAL, "true").lower() not in OFF


def _level(lvl: etree._Element) -> Level:
    text = lvl.find(w("lvlText"))
    null = text is not None and text.get(w("null"), "").lower() in ("1", "true", "on")
    return Level(start=_int(_val(lvl, "start")) or 0, fmt=_val(lvl, "numFmt") or "decimal",
                 text="" if text is None or null else text.get(VAL, ""), restart=_int(_val(lvl, "lvlRestart")),
                 legal=_on(lvl, "isLgl"), hidden=_on(lvl.find(w("rPr")), "vanish"),
                 suffix=SUFFIXES.get(_val(lvl, "suff") or "tab", "\t"), style=_val(lvl, "pStyle"))


def _levels(abstract: etree._Element) -> tuple[Level | None, ...]:
    """The abstractNum's levels by w:ilvl (the first definition of a level wins)."""
    levels: list[Level | None] = [None] * LEVELS
    for lvl in abstract.iterchildren(w("lvl")):
        ilvl = _int(lvl.get(w("ilvl")))
        if ilvl is not None and 0 <= ilvl < LEVELS and levels[ilvl] is None:
            levels[ilvl] = _level(lvl)
    return tuple(levels)


def _by_id(root: etree._Element | None, tag: str, attribute: str) -> dict[int, etree._Element]:
    """The elements w:`tag` of a numbering part by their integer id (the first of a duplicated id wins)."""
    found: dict[int, etree._Element] = {}
    for el in root.iter(w(tag)) if root is not None else ():
        key = _int(el.get(w(attribute)))
        if key is not None:
            found.setdefault(key, el)
    return found


@lru_cache(maxsize=16)
def _sheet(xml: bytes) -> StyleSheet:
    root = _parse(xml)
    names: dict[str, str] = {}
    numbering: dict[str, tuple[str | None, int | None, int | None]] = {}
    default = None
    for style in root.iter(w("style")) if root is not None else ():
        sid = style.get(w("styleId"))
        name = style.find(w("name"))
        names[sid or ""] = name.get(VAL) if name is not None else ""
        if sid is None or sid in numbering:
            continue
        numpr = style.find(f"{w('pPr')}/{w('numPr')}")
        numbering[sid] = (_val(style, "basedOn"), _int(_val(numpr, "numId")), _int(_val(numpr, "ilvl")))
        if default is None and style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on"):
            default = sid
    return StyleSheet(names, numbering, default)


def _letters(n: int) -> str:
    """a..z, then aa..zz, aaa..: the letter repeated, as Word counts."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = []
    for value, numeral in ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st..."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _words(n: int) -> str:
    """The English cardinal of 0 <= n < 1,000,000 ("one hundred twenty-one")."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")
    big, unit = (100, "hundred") if n < 1000 else (1000, "thousand")
    head, rest = divmod(n, big)
    return f"{_words(head)} {unit}" + (f" {_words(rest)}" if rest else "")


def _ordinal_words(n: int) -> str:
    """The English ordinal: "twenty-first", "one hundredth"."""
    cardinal = _words(n)
    cut = max(cardinal.rfind(" "), cardinal.rfind("-")) + 1
    head, last = cardinal[:cut], cardinal[cut:]
    if last in ORDINAL_WORDS:
        return head + ORDINAL_WORDS[last]
    return head + (last[:-1] + "ieth" if last.endswith("y") else last + "th")


def format_number(n: int, fmt: str) -> str:
    """A counter as a w:numFmt writes it; formats not known here, and values they cannot write, as decimal."""
    if fmt in ("none", "bullet"):
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}" if 0 <= n < 10 else str(n)
    if not 0 < n <= LARGEST:
        return str(n)
    writers = {"lowerLetter": _letters, "upperLetter": lambda k: _letters(k).upper(), "lowerRoman": _roman,
               "upperRoman": lambda k: _roman(k).upper(), "ordinal": _ordinal}
    if fmt in writers:
        return writers[fmt](n)
    if fmt in ("cardinalText", "ordinalText"):
        text = _words(n) if fmt == "cardinalText" else _ordinal_words(n)
        return text[0].upper() + text[1:]
    return str(n)


def _bullet(text: str) -> str:
    """A bullet's lvlText as shown: a Symbol-font private-use character becomes the ordinary bullet."""
    return "".join(BULLET if ord(ch) in SYMBOL_FONT_CHARS else ch for ch in text)


def _fill(lst: _List, ilvl: int, counts: list[int | None]) -> str:
    """The level's w:lvlText with each %1..%9 replaced by that level's counter, formatted."""
    level = lst.levels[ilvl]
    text, out, i = level.text, [], 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and "1" <= text[i + 1] <= "9":
            k = int(text[i + 1]) - 1
            value = counts[k] if counts[k] is not None else max(lst.starts[k] - 1, 0)  # unused: Word's "0.1"
            fmt = lst.levels[k].fmt if lst.levels[k] is not None else "decimal"
            out.append(format_number(value, "decimal" if level.legal and fmt != "decimalZero" else fmt))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _advance(lst: _List, ilvl: int, counts: list[int | None], *, first_use: bool) -> None:
    """Count one paragraph at `ilvl`: step its counter and restart the deeper levels that restart after it."""
    if first_use:
        for k in lst.restarts:
            counts[k] = None
    counts[ilvl] = lst.starts[ilvl] if counts[ilvl] is None else counts[ilvl] + 1
    for deeper in range(ilvl + 1, LEVELS):
        rule = lst.rules[deeper]
        if rule is None or ilvl < rule:
            counts[deeper] = None


class Numbering:
    """A package's list definitions and numbering styles, read as paragraphs need them: the numbering part
    is parsed when the first paragraph is asked about, the styles only if it defines any list, and a list's
    levels when a paragraph uses it. `labels` counts a document through."""

    def __init__(self, numbering: bytes | None, styles: bytes | None) -> None:
        self._numbering_xml, self._styles_xml = numbering, styles
        self._abstracts: dict[int, etree._Element] | None = None  # None until the numbering part is read
        self._nums: dict[int, etree._Element] = {}
        self._levels: dict[int, tuple[Level | None, ...]] = {}
        self._styles: dict[str, tuple[str | None, int | None, int | None]] = {}
        self._default_style: str | None = None
        self._style_links: dict[str | None, int] | None = None
        self._lists: dict[int, _List | None] = {}
        self._chains: dict[str | None, tuple[str, ...]] = {}
        self._style_nums: dict[str | None, int | None] = {}

    @classmethod
    def of(cls, parts: dict[str, bytes]) -> Numbering:
        """From a package's parts (word/numbering.xml and word/styles.xml; either may be missing)."""
        return cls(parts.get("word/numbering.xml"), parts.get("word/styles.xml"))

    def _any_list(self) -> bool:
        """Whether the numbering part defines a w:num (read on first use, with the styles only then: without
        one no paragraph is numbered, whatever its style says)."""
        if self._abstracts is None:
            root = _parse(self._numbering_xml)
            self._abstracts = _by_id(root, "abstractNum", "abstractNumId")
            self._nums = _by_id(root, "num", "numId")
            if self._nums:
                sheet = _sheet(self._styles_xml or b"")
                self._styles, self._default_style = sheet.numbering, sheet.default
        return bool(self._nums)

    def labels(self, paragraphs: Iterable[etree._Element]) -> list[str]:
        """The label of each paragraph, in the order given (the document's reading order), '' when none."""
        if not self._any_list():
            return ["" for _ in paragraphs]
        counters: dict[int, list[int | None]] = {}
        used: set[int] = set()
        out = []
        for p in paragraphs:
            target = self._target(p)
            if target is None:
                out.append("")
                continue
            num_id, lst, ilvl = target
            counts = counters.setdefault(lst.key, [None] * LEVELS)
            _advance(lst, ilvl, counts, first_use=num_id not in used)
            used.add(num_id)
            out.append(self._shown(lst, ilvl, counts))
        return out

    def level_of(self, p: etree._Element) -> tuple[int, int, int] | None:
        """(numId, level, the abstractNum that defines the levels) of a numbered paragraph, or None."""
        target = self._target(p)
        return None if target is None else (target[0], target[2], target[1].key)

    def suffix(self, p: etree._Element) -> str:
        """What separates the paragraph's label from its text ("\\t", " " or ""); "" when it has no list."""
        target = self._target(p)
        level = target[1].levels[target[2]] if target else None
        return "" if level is None or level.hidden else level.suffix

    @staticmethod
    def _shown(lst: _List, ilvl: int, counts: list[int | None]) -> str:
        level = lst.levels[ilvl]
        if level.hidden:
            return ""
        return _bullet(level.text) if level.fmt == "bullet" else _fill(lst, ilvl, counts)

    def _target(self, p: etree._Element) -> tuple[int, _List, int] | None:
        """The paragraph's w:num, its list and level; None when it is not numbered or its list is undefined."""
        if not self._any_list():
            return None
        ppr = child(p, _PPR)
        numpr = style = None
        if ppr is not None:
            numpr = ppr.find(_NUMPR)
            found = child(ppr, _PSTYLE)
            style = found.get(VAL) if found is not None else None
        style = style or self._default_style
        num_id = _int(_val(numpr, "numId"))
        if num_id is None:
            num_id = self._style_num(style)
        lst = self._list(num_id) if num_id else None
        if lst is None:
            return None
        ilvl = _int(_val(numpr, "ilvl"))
        if ilvl is None:
            ilvl = next((i for s in self._chain(style) if (i := self._style_level(s, lst)) is not None), 0)
        if not 0 <= ilvl < LEVELS or lst.levels[ilvl] is None:
            return None
        return num_id, lst, ilvl

    def _style_level(self, style_id: str, lst: _List) -> int | None:
        """The level a style gives: the one whose w:pStyle names it, else the style's own w:ilvl (17.9.23)."""
        return lst.linked.get(style_id, self._styles[style_id][2])

    def _style_num(self, style_id: str | None) -> int | None:
        """The numId the style or the nearest style it is based on gives, or None (kept for each style)."""
        if style_id not in self._style_nums:
            self._style_nums[style_id] = next((self._styles[s][1] for s in self._chain(style_id)
                                               if self._styles[s][1] is not None), None)
        return self._style_nums[style_id]

    def _chain(self, style_id: str | None) -> tuple[str, ...]:
        """The style and its w:basedOn ancestors, nearest first; a cycle or a missing style ends it."""
        if style_id not in self._chains:
            chain: list[str] = []
            sid = style_id
            while sid in self._styles and sid not in chain and len(chain) < MAX_HOPS:
                chain.append(sid)
                sid = self._styles[sid][0]
            self._chains[style_id] = tuple(chain)
        return self._chains[style_id]

    def _list(self, num_id: int) -> _List | None:
        if num_id not in self._lists:
            self._lists[num_id] = self._resolve(num_id)
        return self._lists[num_id]

    def _abstract_of(self, num_id: int | None) -> int | None:
        num = self._nums.get(num_id) if num_id is not None else None
        return _int(_val(num, "abstractNumId")) if num is not None else None

    def _linked_abstract(self, key: int | None) -> int | None:
        """Follow w:numStyleLink to the abstractNum that defines the numbering style's levels."""
        seen: set[int] = set()
        while key is not None and key not in seen and len(seen) < MAX_HOPS:
            seen.add(key)
            link = _val(self._abstracts.get(key), "numStyleLink")
            if not link:
                return key
            style = self._styles.get(link)
            target = self._abstract_of(style[1] if style else None)
            key = target if target is not None else self._linked_styles().get(link)
        return None

    def _linked_styles(self) -> dict[str | None, int]:
        """Numbering style id -> the abstractNum whose w:styleLink defines it (read when first followed)."""
        if self._style_links is None:
            self._style_links = {_val(el, "styleLink"): key for key, el in self._abstracts.items()
                                 if _val(el, "styleLink")}
        return self._style_links

    def _abstract_levels(self, key: int | None) -> tuple[Level | None, ...] | None:
        """An abstractNum's levels, read the first time a paragraph's list needs them; None when undefined."""
        if key not in self._abstracts:
            return None
        if key not in self._levels:
            self._levels[key] = _levels(self._abstracts[key])
        return self._levels[key]

    def _resolve(self, num_id: int) -> _List | None:
        """The w:num's list: its abstractNum's levels, with the w:num's w:lvlOverride applied."""
        key = self._linked_abstract(self._abstract_of(num_id))
        base = self._abstract_levels(key)
        if base is None:
            return None
        levels, restarts = list(base), set()
        starts = [lvl.start if lvl else 0 for lvl in base]
        for override in self._nums[num_id].iterchildren(w("lvlOverride")):
            ilvl = _int(override.get(w("ilvl")))
            if ilvl is None or not 0 <= ilvl < LEVELS:
                continue
            if (lvl := override.find(w("lvl"))) is not None:
                levels[ilvl] = _level(lvl)
                starts[ilvl] = levels[ilvl].start
            if (start := _int(_val(override, "startOverride"))) is not None:
                starts[ilvl] = start
                restarts.add(ilvl)
        linked: dict[str, int] = {}
        for i, lvl in enumerate(levels):
            if lvl is not None and lvl.style:
                linked.setdefault(lvl.style, i)
        return _List(key, tuple(levels), tuple(starts), frozenset(restarts),
                     tuple(lvl.restart if lvl else None for lvl in base), linked)
