"""Numbering as a tracked change: a paragraph that gained or lost automatic numbering records its old
properties in w:pPrChange; a baseline's list definition is copied into the draft's numbering part so that
the old properties can name it."""
from __future__ import annotations

import copy

from lxml import etree

from .markup import Revisions, paragraph_properties
from .names import w


def _max_id(root: etree._Element, tag: str, attribute: str) -> int:
    return max((int(v) for el in root.iterchildren(w(tag)) if (v := el.get(w(attribute), "")).isdigit()),
               default=0)


def copy_list(base: etree._Element, draft: etree._Element, num_id: int, abstract_id: int,
              copied: dict[tuple[str, int], int]) -> int:
    """The draft's numId for the baseline's w:num `num_id` (whose levels abstractNum `abstract_id` defines),
    copying both into `draft` once; `copied` remembers what was copied."""
    if ("num", num_id) in copied:
        return copied["num", num_id]
    if ("abstract", abstract_id) not in copied:
        source = next(el for el in base.iterchildren(w("abstractNum")) if el.get(w("abstractNumId")) == str(abstract_id))
        abstract = copy.deepcopy(source)
        for link in abstract.findall(w("numStyleLink")) + abstract.findall(w("styleLink")) + abstract.findall(w("nsid")):
            abstract.remove(link)
        new_abstract = _max_id(draft, "abstractNum", "abstractNumId") + 1
        abstract.set(w("abstractNumId"), str(new_abstract))
        first_num = draft.find(w("num"))
        (first_num.addprevious(abstract) if first_num is not None else draft.append(abstract))
        copied["abstract", abstract_id] = new_abstract
    num = copy.deepcopy(next(el for el in base.iterchildren(w("num")) if el.get(w("numId")) == str(num_id)))
    new_num = _max_id(draft, "num", "numId") + 1
    num.set(w("numId"), str(new_num))
    num.find(w("abstractNumId")).set(w("val"), str(copied["abstract", abstract_id]))
    later = [el for el in draft if el.tag == w("numIdMacAtCleanup")]
    (later[0].addprevious(num) if later else draft.append(num))
    copied["num", num_id] = new_num
    return new_num


def numbering_added(p: etree._Element, revisions: Revisions, *, by_style: bool) -> None:
    """Record that the paragraph gained automatic numbering (w:pPrChange with the numbering off)."""
    _numbering_change(p, revisions, {"numId": "0"} if by_style else None)


def numbering_removed(p: etree._Element, revisions: Revisions, *, num_id: int, level: int) -> None:
    """Record that the paragraph lost automatic numbering: w:pPrChange holding the numbering it had."""
    _numbering_change(p, revisions, {"ilvl": str(level), "numId": str(num_id)})


def _numbering_change(p: etree._Element, revisions: Revisions, numbering: dict[str, str] | None) -> None:
    """Append w:pPrChange: the paragraph's properties as they were, with `numbering` as their w:numPr (none
    if None) — the properties a reviewer's Reject restores."""
    ppr = paragraph_properties(p)
    old = etree.Element(w("pPr"))
    for child in ppr:
        if child.tag not in (w("rPr"), w("sectPr"), w("pPrChange"), w("numPr")):
            old.append(copy.deepcopy(child))
    if numbering is not None:
        numpr = etree.Element(w("numPr"))
        for tag, value in numbering.items():
            etree.SubElement(numpr, w(tag), {w("val"): value})
        _insert_in_order(old, numpr)
    change = etree.Element(w("pPrChange"), revisions.attrs())
    change.append(old)
    ppr.append(change)


PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr")


def _insert_in_order(ppr: etree._Element, child: etree._Element) -> None:
    """Insert `child` (w:numPr) into a w:pPr after the children that come before it."""
    before = {w(t) for t in PPR_ORDER[:PPR_ORDER.index(etree.QName(child).localname)]}
    position = 0
    for n, el in enumerate(ppr):
        if el.tag in before:
            position = n + 1
    ppr.insert(position, child)
