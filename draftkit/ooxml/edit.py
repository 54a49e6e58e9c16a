"""Edit a rendered document by provision: find each provision's blocks, set a heading's text, add
paragraphs and provision bookmarks. Used by `amend`; nothing here knows what an amendment is."""
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


def add_provision_bookmark(p: etree._Element, key: str, bookmark_id: int) -> None:
    """Mark a heading paragraph as the start of provision `key` (a "prov_<key>" bookmark around it)."""
    start = etree.Element(w("bookmarkStart"), {w("id"): str(bookmark_id), w("name"): BOOKMARK_PREFIX + key})
    ppr = p.find(w("pPr"))
    p.insert(0 if ppr is None else 1, start)
    p.append(etree.Element(w("bookmarkEnd"), {w("id"): str(bookmark_id)}))
