"""Accept the tracked changes a document already holds, as Word's Accept All would."""
from __future__ import annotations

from lxml import etree

from .names import w


def accept_revisions(body: etree._Element) -> int:
    """Accept every tracked change in the body, in place; return how many there were."""
    count = 0
    for tag in ("del", "moveFrom"):
        for el in list(body.iter(w(tag))):
            if el.getparent() is not None and el.getparent().tag != w("rPr"):
                el.getparent().remove(el)
                count += 1
    for tag in ("ins", "moveTo"):
        for el in list(body.iter(w(tag))):
            parent = el.getparent()
            if parent is None or parent.tag == w("rPr"):
                continue
            index = parent.index(el)
            for child in reversed(list(el)):
                parent.insert(index, child)
            parent.remove(el)
            count += 1
    for tag in ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
                "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange"):
        for el in list(body.iter(w(tag))):
            el.getparent().remove(el)
            count += tag.endswith("Change")
    for p in list(body.iter(w("p"))):
        rpr = p.find(f"{w('pPr')}/{w('rPr')}")
        if rpr is None:
            continue
        if (mark := rpr.find(w("ins"))) is not None:
            rpr.remove(mark)
            count += 1
        if (mark := rpr.find(w("del"))) is not None:
            rpr.remove(mark)
            count += 1
            _merge_with_next(p)
    return count


def _merge_with_next(p: etree._Element) -> None:
    """A deleted paragraph mark: this paragraph's content joins the start of the next paragraph."""
    following = p.getnext()
    while following is not None and following.tag != w("p"):
        following = following.getnext()
    if following is None:
        return
    content = [c for c in p if c.tag != w("pPr")]
    anchor = following.find(w("pPr"))
    position = 0 if anchor is None else 1
    for child in content:
        following.insert(position, child)
        position += 1
    p.getparent().remove(p)

