"""Apply a plan's local amendments to a rendered document: replaced, appended and added sections."""
from __future__ import annotations

import copy

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from .context import Plan, PlannedSection

BOOKMARK_PREFIX = "prov_"
W_P, W_TBL = qn("w:p"), qn("w:tbl")


def provision_key(p: etree._Element) -> str | None:
    """The provision a paragraph is the heading of, from its "prov_<id>" bookmark."""
    for mark in p.iter(qn("w:bookmarkStart")):
        name = mark.get(qn("w:name"), "")
        if name.startswith(BOOKMARK_PREFIX):
            return name[len(BOOKMARK_PREFIX):]
    return None


def _blocks(body: etree._Element) -> list[etree._Element]:
    return [el for el in body if el.tag in (W_P, W_TBL)]


def _ranges(body: etree._Element) -> dict[str, list[etree._Element]]:
    """Each provision's blocks: its heading paragraph and everything up to the next provision heading."""
    ranges: dict[str, list[etree._Element]] = {}
    current = None
    for block in _blocks(body):
        key = provision_key(block) if block.tag == W_P else None
        if key:
            current = ranges.setdefault(key, [])
        if current is not None:
            current.append(block)
    return ranges


def _set_text(p: etree._Element, text: str) -> None:
    """Put `text` in the paragraph's first run, keeping its formatting; drop the other runs' text."""
    runs = [r for r in p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    for r in runs[1:]:
        r.getparent().remove(r)
    t = runs[0].find(qn("w:t"))
    for extra in runs[0].findall(qn("w:t"))[1:]:
        runs[0].remove(extra)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _new_paragraph(model: etree._Element, text: str) -> etree._Element:
    """A paragraph with the model paragraph's paragraph and first-run formatting, holding `text`."""
    p = etree.Element(W_P)
    if (ppr := model.find(qn("w:pPr"))) is not None:
        p.append(copy.deepcopy(ppr))
    r = etree.SubElement(p, qn("w:r"))
    first = model.find(qn("w:r"))
    if first is not None and (rpr := first.find(qn("w:rPr"))) is not None:
        r.append(copy.deepcopy(rpr))
    t = etree.SubElement(r, qn("w:t"))
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    return p


def _title_text(heading_text: str, number: str | None, new_number: str | None, title: str) -> str:
    title = title.strip().rstrip(".") + "."
    if number and number in heading_text:
        prefix = heading_text[: heading_text.index(number) + len(number)]
        return prefix.replace(number, new_number or number) + ". " + title
    return title


def _heading_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _amend(blocks: list[etree._Element], section: PlannedSection) -> None:
    heading, body = blocks[0], [b for b in blocks[1:] if b.tag == W_P]
    template = body[0] if body else heading
    if section.title:
        _set_text(heading, _title_text(_heading_text(heading), section.number, section.number, section.title))
    anchor = heading
    if section.replace:
        for block in blocks[1:]:
            block.getparent().remove(block)
    else:
        anchor = blocks[-1]
    for text in section.replace + section.append:
        new = _new_paragraph(template, text)
        anchor.addnext(new)
        anchor = new


def _add_section(anchor: etree._Element, like: list[etree._Element], section: PlannedSection,
                 like_number: str | None, bookmark_id: int) -> etree._Element:
    heading = copy.deepcopy(like[0])
    for mark in heading.findall(qn("w:bookmarkStart")) + heading.findall(qn("w:bookmarkEnd")):
        heading.remove(mark)
    _set_text(heading, _title_text(_heading_text(like[0]), like_number, section.number, section.title or ""))
    start = etree.Element(qn("w:bookmarkStart"), {qn("w:id"): str(bookmark_id),
                                                  qn("w:name"): BOOKMARK_PREFIX + section.key})
    ppr = heading.find(qn("w:pPr"))
    heading.insert(0 if ppr is None else 1, start)
    heading.append(etree.Element(qn("w:bookmarkEnd"), {qn("w:id"): str(bookmark_id)}))
    anchor.addnext(heading)
    anchor = heading
    body_like = next((b for b in like[1:] if b.tag == W_P), like[0])
    for text in section.replace:
        new = _new_paragraph(body_like, text)
        anchor.addnext(new)
        anchor = new
    return anchor


def apply_amendments(document: Document, plan: Plan) -> None:
    """Change the rendered document in place as the plan's amendments say."""
    body = document.element.body
    ranges = _ranges(body)
    for section in plan.sections:
        if not section.added and (section.replace or section.append or section.title):
            _amend(ranges[section.key], section)
    ranges = _ranges(body)
    next_id = 1 + max((int(m.get(qn("w:id"), "0")) for m in body.iter(qn("w:bookmarkStart"))
                       if m.get(qn("w:id"), "").isdigit()), default=0)
    last_of: dict[str, etree._Element] = {k: v[-1] for k, v in ranges.items()}
    for section in plan.sections:
        if section.added:
            like = ranges[section.after]
            number = plan.get(section.after).number
            last = _add_section(last_of[section.after], like, section, number, next_id)
            last_of[section.after] = last
            next_id += 1
