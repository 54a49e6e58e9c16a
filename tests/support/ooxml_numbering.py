"""Automatic list labels ("(a)", "(1)", "(iv)", "2.1") computed from numbering.xml and styles.xml.

Independent of draftkit: zipfile-free, lxml only, following ECMA-376 Part 1, 17.9 (numbering). A
paragraph's numbering is its w:pPr/w:numPr, else its paragraph style's (through w:basedOn); numId 0 means
"not numbered". Counters belong to the abstract list (w:abstractNum), so two w:num over one abstract list
continue each other, as in Word and in LibreOffice's own DOCX export; a w:num with
w:lvlOverride/w:startOverride restarts those levels the first time a paragraph uses it. Counting at a level
resets the levels below it. Formats: decimal, decimalZero, lowerLetter, upperLetter, lowerRoman,
upperRoman, bullet and none (others are read as decimal). Not modelled: w:lvlRestart, w:isLgl, whole-level
w:lvl overrides and w:numStyleLink chains deeper than one step.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LEVELS = 9


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    return default if el is None else el.get(w("val"), default)


@dataclass(frozen=True)
class Level:
    start: int = 0  # ECMA-376 17.9.26: the default is 0
    fmt: str = "decimal"
    text: str = ""


@dataclass(frozen=True)
class NumRef:
    """What a paragraph's properties say about its numbering: style id, numId, ilvl (None: not given)."""

    style: str | None = None
    num_id: str | None = None
    ilvl: str | None = None


def num_ref(ppr: etree._Element | None) -> NumRef:
    if ppr is None:
        return NumRef()
    numpr = ppr.find(w("numPr"))
    return NumRef(_val(ppr.find(w("pStyle"))),
                  _val(numpr.find(w("numId"))) if numpr is not None else None,
                  _val(numpr.find(w("ilvl"))) if numpr is not None else None)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt == "none":
        return ""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class Numbering:
    """The list definitions of one document."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId -> (abstractId, overrides)
    styles: dict[str, NumRef] = field(default_factory=dict)  # style id -> its own numPr and w:basedOn (as .style)

    @classmethod
    def parse(cls, numbering: etree._Element | None, styles: etree._Element | None) -> Numbering:
        out = cls()
        links: dict[str, str] = {}
        if numbering is not None:
            for absn in numbering.iter(w("abstractNum")):
                aid = absn.get(w("abstractNumId"))
                levels = {}
                for lvl in absn.iter(w("lvl")):
                    levels[int(lvl.get(w("ilvl"), "0"))] = Level(int(_val(lvl.find(w("start")), "0")),
                                                                  _val(lvl.find(w("numFmt")), "decimal"),
                                                                  _val(lvl.find(w("lvlText")), ""))
                out.abstract[aid] = levels
                if (link := absn.find(w("numStyleLink"))) is not None:
                    links[aid] = _val(link)
            for num in numbering.iter(w("num")):
                overrides = {int(o.get(w("ilvl"), "0")): int(_val(o.find(w("startOverride"))))
                             for o in num.iter(w("lvlOverride")) if o.find(w("startOverride")) is not None}
                out.nums[num.get(w("numId"))] = (_val(num.find(w("abstractNumId"))), overrides)
        if styles is not None:
            for style in styles.iter(w("style")):
                ref = num_ref(style.find(w("pPr")))
                out.styles[style.get(w("styleId"))] = NumRef(_val(style.find(w("basedOn"))), ref.num_id, ref.ilvl)
        for aid, style_id in links.items():  # w:numStyleLink: the list is the one the numbering style names
            target = out.nums.get(out.styles.get(style_id, NumRef()).num_id or "")
            if target:
                out.abstract[aid] = out.abstract.get(target[0], {})
        return out

    def resolve(self, ref: NumRef) -> tuple[str, int] | None:
        """(numId, ilvl) in effect for a paragraph, or None when it is not numbered."""
        num_id, ilvl, style, seen = ref.num_id, ref.ilvl, ref.style, set()
        while (num_id is None or ilvl is None) and style and style not in seen:
            seen.add(style)
            from_style = self.styles.get(style, NumRef())
            num_id = num_id if num_id is not None else from_style.num_id
            ilvl = ilvl if ilvl is not None else from_style.ilvl
            style = from_style.style
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, int(ilvl or "0")

    def labeler(self) -> Labeler:
        return Labeler(self)


@dataclass
class Labeler:
    """Counts list items in reading order and gives each numbered paragraph its label."""

    numbering: Numbering
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def label(self, ref: NumRef) -> str:
        found = self.numbering.resolve(ref)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract_id, overrides = self.numbering.nums[num_id]
        levels = self.numbering.abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        values = self.counters.setdefault(abstract_id, [None] * LEVELS)
        if num_id not in self.used:
            self.used.add(num_id)
            for level, start in overrides.items():
                if 0 <= level < LEVELS:
                    values[level] = start - 1
        values[ilvl] = levels[ilvl].start if values[ilvl] is None else values[ilvl] + 1
        for deeper in range(ilvl + 1, LEVELS):
            values[deeper] = None
        level = levels[ilvl]
        if level.fmt == "bullet":
            return level.text

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            at = levels.get(k, Level())
            return format_number(values[k] if values[k] is not None else at.start, at.fmt)
        return re.sub(r"%([1-9])", number, level.text)
