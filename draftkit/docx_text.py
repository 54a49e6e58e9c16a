"""Read paragraphs and sections out of any DOCX: ours, or one edited in Word or LibreOffice.

Opening is defensive (size limits, no DTDs or entities, no macros); tracked changes already in a
document are taken as accepted, and the reader says so in DocumentText.notes.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .document import PREAMBLE, DocumentText, Paragraph, Run, Section
from .errors import UnreadableDocument

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOCUMENT = "word/document.xml"
MAX_ENTRIES = 2_000
MAX_TOTAL = 256 * 1024 * 1024
MAX_PART = 64 * 1024 * 1024
MAX_RATIO = 200
BOOKMARK_PREFIX = "prov_"
NUMBERED = re.compile(r"^\s*(?:(?:Sec(?:tion)?|SEC(?:TION)?)\.?\s+)?(?P<num>\d+(?:\.\d+)+[A-Za-z]?)\.?\s+(?P<title>\S.*)$")
MAX_HEADING = 200
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                         remove_blank_text=False)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass
class LoadedDocx:
    """A DOCX package in memory: its parts, and word/document.xml parsed with revisions accepted."""

    name: str
    parts: dict[str, bytes]
    root: etree._Element
    notes: list[str] = field(default_factory=list)

    @property
    def body(self) -> etree._Element:
        return self.root.find(w("body"))

    def paragraphs(self) -> list[etree._Element]:
        """Top-level body paragraphs, in order: Paragraph.index counts these."""
        return list(self.body.iterchildren(w("p")))

    def to_bytes(self) -> bytes:
        """Serialize the package with the (possibly changed) document part."""
        parts = dict(self.parts)
        parts[DOCUMENT] = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, payload in parts.items():
                z.writestr(name, payload)
        return out.getvalue()


def _check_zip(name: str, data: bytes) -> zipfile.ZipFile:
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableDocument(Path(name), "it is an encrypted (password-protected) or old-format Word file; "
                                             "save it as an unprotected .docx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise UnreadableDocument(Path(name), f"it is not a .docx (ZIP) file ({exc})") from None
    if len(infos) > MAX_ENTRIES:
        raise UnreadableDocument(Path(name), f"it holds {len(infos):,} parts; a document has far fewer")
    if sum(i.file_size for i in infos) > MAX_TOTAL or any(i.file_size > MAX_PART for i in infos):
        raise UnreadableDocument(Path(name), "it expands to more than a document can hold (a ZIP bomb?)")
    if any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1_000_000 for i in infos):
        raise UnreadableDocument(Path(name), "a part is compressed suspiciously well (a ZIP bomb?)")
    if any(i.flag_bits & 0x1 for i in infos):
        raise UnreadableDocument(Path(name), "it is encrypted; save an unprotected copy")
    return archive


def open_docx(data: bytes, *, name: str = "document.docx") -> LoadedDocx:
    """Open a DOCX safely and accept the tracked changes it already holds."""
    archive = _check_zip(name, data)
    names = archive.namelist()
    if DOCUMENT not in names:
        raise UnreadableDocument(Path(name), "it has no word/document.xml, so it is not a Word document")
    try:
        parts = {n: archive.read(n) for n in names}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableDocument(Path(name), f"the ZIP is damaged ({exc})") from None
    types = parts.get("[Content_Types].xml", b"")
    if b"macroEnabled" in types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UnreadableDocument(Path(name), "it is macro-enabled (.docm); save it as a plain .docx")
    xml = parts[DOCUMENT]
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml:
        raise UnreadableDocument(Path(name), "word/document.xml declares a DTD or entities, which Word never writes")
    try:
        root = etree.fromstring(xml, PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableDocument(Path(name), f"word/document.xml is not well-formed XML ({exc})") from None
    if root.find(w("body")) is None:
        raise UnreadableDocument(Path(name), "word/document.xml has no body")
    loaded = LoadedDocx(name, parts, root)
    accepted = accept_revisions(root.find(w("body")))
    if accepted:
        loaded.notes.append(f"the document held {accepted} tracked change(s); they were taken as accepted")
    return loaded


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


def paragraph_text(p: etree._Element) -> str:
    """The text a reader sees: runs' text, tabs and breaks; no field instructions."""
    out: list[str] = []
    in_instruction = 0
    for el in p.iter():
        tag = el.tag
        if tag == w("fldChar"):
            kind = el.get(w("fldCharType"))
            in_instruction = 1 if kind == "begin" else 0 if kind in ("separate", "end") else in_instruction
        elif in_instruction:
            continue
        elif tag == w("t"):
            out.append(el.text or "")
        elif tag == w("tab") and el.getparent().tag == w("r"):
            out.append("\t")
        elif tag in (w("br"), w("cr")):
            out.append("\n")
        elif tag == w("noBreakHyphen"):
            out.append("-")
    return "".join(out)


def _flag(rpr: etree._Element | None, tag: str) -> bool:
    el = rpr.find(w(tag)) if rpr is not None else None
    return el is not None and el.get(w("val"), "true") not in ("0", "false", "none")


def _runs(p: etree._Element) -> tuple[Run, ...]:
    runs = []
    for r in p.iter(w("r")):
        text = "".join(t.text or "" for t in r.iter(w("t")))
        if text:
            rpr = r.find(w("rPr"))
            runs.append(Run(text, _flag(rpr, "b"), _flag(rpr, "i"), _flag(rpr, "u")))
    return tuple(runs)


def _style(p: etree._Element, styles: dict[str, str]) -> str:
    el = p.find(f"{w('pPr')}/{w('pStyle')}")
    sid = el.get(w("val")) if el is not None else "Normal"
    return styles.get(sid, sid)


def _style_names(parts: dict[str, bytes]) -> dict[str, str]:
    xml = parts.get("word/styles.xml")
    if not xml:
        return {}
    try:
        root = etree.fromstring(xml, PARSER)
    except etree.XMLSyntaxError:
        return {}
    names = {}
    for style in root.iter(w("style")):
        name = style.find(w("name"))
        names[style.get(w("styleId"), "")] = name.get(w("val")) if name is not None else ""
    return names


def provision_key(p: etree._Element) -> str | None:
    for mark in p.iter(w("bookmarkStart")):
        name = mark.get(w("name"), "")
        if name.startswith(BOOKMARK_PREFIX):
            return name[len(BOOKMARK_PREFIX):]
    return None


def _heading(p: Paragraph, key: str | None, after_first: bool) -> tuple[str, str] | None:
    """(number, title) when a paragraph starts a section, else None."""
    text = p.text.strip()
    if not text or len(text) > MAX_HEADING:
        return None if key is None else ("", text)
    match = NUMBERED.match(text)
    if match:
        return match["num"], match["title"].strip().rstrip(".")
    if key is not None or (after_first and p.style.lower().startswith("heading")):
        return "", text.rstrip(".")
    return None


def read_sections(loaded: LoadedDocx) -> DocumentText:
    """Group the body's paragraphs into the preamble and sections."""
    styles = _style_names(loaded.parts)
    sections: list[Section] = []
    current = dict(key=PREAMBLE, number="", title="", heading=None, body=[])
    for index, el in enumerate(loaded.paragraphs()):
        para = Paragraph(index, paragraph_text(el), _style(el, styles), _runs(el))
        key = provision_key(el)
        found = _heading(para, key, after_first=bool(sections) or current["key"] != PREAMBLE)
        if found and (key or NUMBERED.match(para.text.strip()) or current["key"] != PREAMBLE):
            sections.append(Section(current["key"], current["number"], current["title"], current["heading"],
                                    tuple(current["body"])))
            current = dict(key=key, number=found[0], title=found[1], heading=para, body=[])
        else:
            current["body"].append(para)
    sections.append(Section(current["key"], current["number"], current["title"], current["heading"],
                            tuple(current["body"])))
    return DocumentText(tuple(sections), tuple(loaded.notes))


def read_docx(data: bytes, *, name: str = "document.docx") -> DocumentText:
    """Sections of a DOCX given as bytes."""
    return read_sections(open_docx(data, name=name))
