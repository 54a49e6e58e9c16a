"""The only place that builds tracked-change markup (w:ins, w:del, w:delText), in schema order."""
from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from itertools import count

from lxml import etree

from .names import XML_SPACE, w

# Children of w:pPr that must come after w:rPr (ECMA-376 CT_PPr sequence).
AFTER_PARA_RPR = ("sectPr", "pPrChange")


@dataclass
class Revisions:
    """Author, dates and the id counter shared by every revision in one document part.

    `dates` holds two W3C date-times a little over a minute apart; `turn` picks one. Writers alternate
    them paragraph by paragraph, because LibreOffice 7.4 fuses same-author revisions less than a minute
    apart across a paragraph mark, and then joins the wrong paragraphs on Reject All. `lost` counts, by
    element name, what deleted copies of the baseline could not bring along (it lives in the baseline's
    package: images, comments, links), so the outputs can say so.
    """

    author: str
    dates: tuple[str, str]
    ids: count
    turn: int = 0
    lost: Counter = field(default_factory=Counter)

    def attrs(self) -> dict[str, str]:
        return {w("id"): str(next(self.ids)), w("author"): self.author, w("date"): self.dates[self.turn % 2]}


def text_run(rpr: etree._Element | None, text: str, *, deleted: bool = False) -> etree._Element:
    """A w:r holding `text`: tabs as w:tab, line breaks as w:br, the rest as w:t (w:delText if deleted)."""
    r = etree.Element(w("r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    piece = ""
    for ch in text + "\x00":
        if ch in "\t\n\x00":
            if piece:
                t = etree.SubElement(r, w("delText" if deleted else "t"))
                t.text = piece
                t.set(XML_SPACE, "preserve")
                piece = ""
            if ch == "\t":
                etree.SubElement(r, w("tab"))
            elif ch == "\n":
                etree.SubElement(r, w("br"))
        else:
            piece += ch
    return r


def tracked(kind: str, runs: list[etree._Element], revisions: Revisions) -> etree._Element:
    """Wrap runs in w:ins or w:del (kind "ins" / "del"); deleted runs' w:t become w:delText."""
    wrapper = etree.Element(w(kind), revisions.attrs())
    for r in runs:
        if kind == "del":
            for t in r.findall(w("t")):
                t.tag = w("delText")
                t.set(XML_SPACE, "preserve")
        wrapper.append(r)
    return wrapper


def paragraph_properties(p: etree._Element) -> etree._Element:
    """The paragraph's w:pPr, made (as its first child) if it has none."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    return ppr


def mark_paragraph(p: etree._Element, kind: str, revisions: Revisions) -> None:
    """Record the paragraph mark itself as inserted or deleted (w:pPr/w:rPr/w:ins or w:del)."""
    ppr = paragraph_properties(p)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        later = [c for c in ppr if etree.QName(c).localname in AFTER_PARA_RPR]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    for old in rpr.findall(w("ins")) + rpr.findall(w("del")):
        rpr.remove(old)
    rpr.insert(0, etree.Element(w(kind), revisions.attrs()))


def unmark_paragraph(p: etree._Element) -> None:
    """Remove an inserted/deleted paragraph-mark record."""
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is not None:
        for old in rpr.findall(w("ins")) + rpr.findall(w("del")):
            rpr.remove(old)
