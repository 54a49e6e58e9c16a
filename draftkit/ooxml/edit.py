"""Edit a rendered document by provision: find each provision's blocks, set a heading's text, add
paragraphs and provision bookmarks, fold a provision into the text before it. Used by `amend`; nothing here
knows what an amendment is.

A provision's bookmark ("prov_<key>") encloses its heading. A folded provision has no heading: its bookmark
marks the point where its text begins (start and end side by side at the start of its first paragraph).
"""
from __future__ import annotations

import copy

from lxml import etree

from .names import XML_SPACE, w
from .text import BOOKMARK_PREFIX, provision_key

W_P, W_TBL = w("p"), w("tbl")


def blocks(body: etree._Element) -> list[etree._Element]:
    """The body's paragraphs and tables, in order."""
    return [el for el in body if el.tag in (W_P, W_TBL)]


def provision_ranges(body: etree._Element) -> dict[str, list[etree._Element]]:
    """Each provision's blocks: its heading paragraph and everything up to the next provision heading."""
    ranges: dict[str, list[etree._Element]] = {}
    current = None
    for block in blocks(body):
        key = provision_key(block) if block.tag == W_P else None
        if key:
            current = ranges.setdefault(key, [])
        if current is not None:
            current.append(block)
    return ranges


def is_paragraph(block: etree._Element) -> bool:
    return block.tag == W_P


def set_text(p: etree._Element, text: str) -> None:
    """Put `text` in the paragraph's first run, keeping its formatting; drop the other runs' text."""
    runs = [r for r in p.iter(w("r")) if r.find(w("t")) is not None]
    for r in runs[1:]:
        r.getparent().remove(r)
    t = runs[0].find(w("t"))
    for extra in runs[0].findall(w("t"))[1:]:
        runs[0].remove(extra)
    t.text = text
    t.set(XML_SPACE, "preserve")


def new_paragraph(like: etree._Element, text: str) -> etree._Element:
    """A paragraph with `like`'s paragraph and first-run formatting, holding `text`."""
    p = etree.Element(W_P)
    if (ppr := like.find(w("pPr"))) is not None:
        p.append(copy.deepcopy(ppr))
    r = etree.SubElement(p, w("r"))
    first = like.find(w("r"))
    if first is not None and (rpr := first.find(w("rPr"))) is not None:
        r.append(copy.deepcopy(rpr))
    t = etree.SubElement(r, w("t"))
    t.set(XML_SPACE, "preserve")
    t.text = text
    return p


def plain_text(p: etree._Element) -> str:
    """The w:t text of a paragraph (headings we render hold nothing else)."""
    return "".join(t.text or "" for t in p.iter(w("t")))


def copy_without_bookmarks(p: etree._Element) -> etree._Element:
    """A deep copy of a paragraph with its own bookmarks removed."""
    copied = copy.deepcopy(p)
    for mark in copied.findall(w("bookmarkStart")) + copied.findall(w("bookmarkEnd")):
        copied.remove(mark)
    return copied


def next_bookmark_id(body: etree._Element) -> int:
    """One more than the largest numeric bookmark id in the body."""
    return 1 + max((int(m.get(w("id"), "0")) for m in body.iter(w("bookmarkStart"))
                    if m.get(w("id"), "").isdigit()), default=0)


def _bookmark(key: str, bookmark_id: int) -> tuple[etree._Element, etree._Element]:
    return (etree.Element(w("bookmarkStart"), {w("id"): str(bookmark_id), w("name"): BOOKMARK_PREFIX + key}),
            etree.Element(w("bookmarkEnd"), {w("id"): str(bookmark_id)}))


def add_provision_bookmark(p: etree._Element, key: str, bookmark_id: int) -> None:
    """Mark a heading paragraph as the start of provision `key` (a "prov_<key>" bookmark around it)."""
    start, end = _bookmark(key, bookmark_id)
    ppr = p.find(w("pPr"))
    p.insert(0 if ppr is None else 1, start)
    p.append(end)


def fold_provision(blocks: list[etree._Element], key: str, bookmark_id: int) -> etree._Element:
    """Take a provision's heading (its first block) away; its first paragraph, now continuing the text before
    it, gets the provision's bookmark as a point at its start. Returns that paragraph."""
    heading = blocks[0]
    first = next((b for b in blocks[1:] if b.tag == W_P), None)
    if first is None:  # a provision without a paragraph of text: an empty one keeps its place
        first = etree.Element(W_P)
        heading.addnext(first)
    heading.getparent().remove(heading)
    start, end = _bookmark(key, bookmark_id)
    ppr = first.find(w("pPr"))
    first.insert(0 if ppr is None else 1, start)
    start.addnext(end)
    return first


POINT_BETWEEN = (w("bookmarkStart"), w("bookmarkEnd"), w("proofErr"))


def marks_a_point(p: etree._Element) -> bool:
    """Whether the paragraph's provision bookmark is a point (a folded provision's text begins there) rather
    than a range around a heading: its end follows its start with nothing but other marks between."""
    for start in p.iter(w("bookmarkStart")):
        if not start.get(w("name"), "").startswith(BOOKMARK_PREFIX):
            continue
        ident = start.get(w("id"))
        for el in start.itersiblings():
            if el.tag == w("bookmarkEnd") and el.get(w("id")) == ident:
                return True
            if el.tag not in POINT_BETWEEN:
                return False
        return False
    return False
