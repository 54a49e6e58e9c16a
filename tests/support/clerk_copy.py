"""Turn the typed list labels of a DOCX ("(a) ", "(1) ") into Word's automatic list numbering, as a clerk's
copy of an ordinance has them: a two-level list "(a)" / "(1)", restarted for each run of items."""
from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LABEL = re.compile(r"^\((?:(?P<letter>[a-z])|(?P<digit>\d{1,2}))\) ")
ABSTRACT_ID = "90"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _level(ilvl: int, fmt: str) -> etree._Element:
    lvl = etree.Element(w("lvl"), {w("ilvl"): str(ilvl)})
    for tag, value in (("start", "1"), ("numFmt", fmt), ("suff", "space"), ("lvlText", f"(%{ilvl + 1})"),
                       ("lvlJc", "left")):
        etree.SubElement(lvl, w(tag), {w("val"): value})
    return lvl


def automatic_labels(docx: bytes) -> tuple[bytes, int]:
    """The document with its typed "(a) " / "(1) " labels made automatic; and how many were changed."""
    parts = {i.filename: zipfile.ZipFile(io.BytesIO(docx)).read(i) for i in zipfile.ZipFile(io.BytesIO(docx)).infolist()}
    document = etree.fromstring(parts["word/document.xml"])
    numbering = etree.fromstring(parts["word/numbering.xml"])
    abstract = etree.Element(w("abstractNum"), {w("abstractNumId"): ABSTRACT_ID})
    abstract.extend([_level(0, "lowerLetter"), _level(1, "decimal")])
    first_num = next(iter(numbering.iterchildren(w("num"))), None)
    (first_num.addprevious(abstract) if first_num is not None else numbering.append(abstract))
    num_id, changed, previous = 900, 0, None
    for p in document.iter(w("p")):
        runs = p.findall(w("r"))
        text = runs[0].findtext(w("t")) if runs else None
        found = LABEL.match(text or "")
        if not found:
            previous = None if (text or "").strip() else previous
            continue
        if previous is None:  # a new list: a new w:num restarting the count
            num_id += 1
            num = etree.SubElement(numbering, w("num"), {w("numId"): str(num_id)})
            etree.SubElement(num, w("abstractNumId"), {w("val"): ABSTRACT_ID})
            for ilvl in (0, 1):
                override = etree.SubElement(num, w("lvlOverride"), {w("ilvl"): str(ilvl)})
                etree.SubElement(override, w("startOverride"), {w("val"): "1"})
        previous = p
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        numpr = etree.Element(w("numPr"))
        etree.SubElement(numpr, w("ilvl"), {w("val"): "0" if found["letter"] else "1"})
        etree.SubElement(numpr, w("numId"), {w("val"): str(num_id)})
        style = ppr.find(w("pStyle"))
        (style.addnext(numpr) if style is not None else ppr.insert(0, numpr))
        t = runs[0].find(w("t"))
        t.text = t.text[found.end():]
        changed += 1
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/numbering.xml"] = etree.tostring(numbering, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue(), changed
