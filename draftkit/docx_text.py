"""Sections out of any DOCX (ours, or one edited in Word or LibreOffice): the domain reading of a document.

The package and its XML are the `ooxml` layer's; here paragraphs become headings and sections. A section
begins at a heading, or, for a provision a local amendment folded into the section before it, at the point
its provision bookmark marks in a body paragraph: such a section has no heading of its own.
"""
from __future__ import annotations

import re

from .document import NUMBERED, PREAMBLE, SHORT_HEADING_WORDS, DocumentText, Paragraph, Section
from .ooxml.edit import marks_a_point
from .ooxml.numbering import Numbering, style_sheet
from .ooxml.package import LoadedDocx, open_docx
from .ooxml.text import paragraph_text, provision_key, style_name

MAX_HEADING = 200
# "SECTION 3. Severability." or "Section 3: Effective date": a section of the ordinance itself. The number is
# followed by a full stop or colon and the title begins with a capital, so "Section 3 of this ordinance ..."
# stays a sentence.
ACT = re.compile(r"^(?:Sec(?:tion)?|SEC(?:TION)?)\.?\s+(?P<num>\d+[A-Za-z]?)[.:]\s+(?P<title>[A-Z\"“].*)$")


def _heading(p: Paragraph, key: str | None, after_first: bool) -> tuple[str, str] | None:
    """(number, title) when a paragraph starts a section, else None."""
    text = p.text.strip()
    if not text or len(text) > MAX_HEADING:
        return None if key is None else ("", text)
    match = NUMBERED.match(text)
    if match:
        return match["num"], match["title"].strip().rstrip(".")
    act = ACT.match(text) if key is None else None  # in a text we did not write (ours carry their bookmark)
    if act and len(act["title"].split()) <= SHORT_HEADING_WORDS:
        return act["num"], act["title"].strip().rstrip(".")
    if key is not None or (after_first and p.style.lower().startswith("heading")):
        return "", text.rstrip(".")
    return None


def _folded(para: Paragraph, element) -> bool:
    """Whether a paragraph with a provision bookmark begins a folded provision's text (the bookmark a point,
    the paragraph not in a heading style) rather than being its heading."""
    return not para.style.lower().startswith("heading") and marks_a_point(element)


def read_sections(loaded: LoadedDocx) -> DocumentText:
    """Group the body's paragraphs into the preamble and sections; the notes' paragraphs into one section
    per kind of note ("_footnotes", "_endnotes"), after the others."""
    styles = style_sheet(loaded.parts).names  # the styles part parsed once, for the names and the numbering
    located = loaded.located()
    labels = Numbering.of(loaded.parts).labels(found.element for found in located)
    sections: list[Section] = []
    notes: dict[str, list[Paragraph]] = {}
    current = dict(key=PREAMBLE, number="", title="", heading=None, body=[])
    for index, (place, label) in enumerate(zip(located, labels)):
        el = place.element
        shown = f"{label} " if label else ""
        para = Paragraph(index, shown + paragraph_text(el), style_name(el, styles), shown, place.cell, place.note)
        if place.note:
            notes.setdefault(place.note[0], []).append(para)
            continue
        key = provision_key(el)
        if key and not place.cell and _folded(para, el):
            sections.append(Section(current["key"], current["number"], current["title"], current["heading"],
                                    tuple(current["body"])))
            current = dict(key=key, number="", title="", heading=None, body=[para])
            continue
        found = None if place.cell else _heading(para, key, after_first=bool(sections) or current["key"] != PREAMBLE)
        if found and (key or found[0] or current["key"] != PREAMBLE):  # a numbered heading ends the preamble
            sections.append(Section(current["key"], current["number"], current["title"], current["heading"],
                                    tuple(current["body"])))
            current = dict(key=key, number=found[0], title=found[1], heading=para, body=[])
        else:
            current["body"].append(para)
    sections.append(Section(current["key"], current["number"], current["title"], current["heading"],
                            tuple(current["body"])))
    sections += [Section(f"_{kind}s", "", f"{kind.capitalize()}s", None, tuple(paras)) for kind, paras in notes.items()]
    return DocumentText(tuple(sections), tuple(loaded.notes))


def read_docx(data: bytes, *, name: str = "document.docx") -> DocumentText:
    """Sections of a DOCX given as bytes."""
    return read_sections(open_docx(data, name=name))


