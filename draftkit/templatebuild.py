"""Build DOCX templates: from a plain-text source written in the line syntax below, or paragraph by paragraph
(`TemplateBuilder`, for templates made from a model's own text). tools/make_templates.py builds the shipped
models' templates with `build_text`.

One line is one paragraph:

    = text              Title
    + text              Subtitle (centered, bold)
    # text              Heading 1
    ## [id] text        Heading 2; "[id]" puts the bookmark "prov_<id>" on it (a provision's heading)
    - text              List Bullet
    > text              an indented paragraph
    | text              a centered paragraph
    {%p ... %}          a docxtpl control paragraph, kept as it is
    **Label:**<TAB>text a Normal paragraph set as a label column: a tab stop and hanging indent at 1.25"
                        (memo headers such as TO/FROM, the AYES/NOES lines of a certificate)
    ^ text<TAB>text     a signature row: a tab stop at 3.75", no space after (a signature line and its
                        date line, with room to sign above it; the signer's title and "Date"; a label
                        such as "ATTEST:")
    anything else       a Normal paragraph

    [about:id] text     (before any of the above) a bookmark "about_<id>" on the paragraph: it states facts
                        about provision <id>, which tests check against that provision of the ordinance
    @keep ... @endkeep  the paragraphs between stay on one page: each keeps with the next, and none splits
                        (signature blocks, a vote roll, the clerk's certificate)
    @footer text        a centered footer: the text, then the page number

A paragraph that ends with a colon introduces what follows ("... to read as follows:") and keeps with it.

Blank lines are ignored; `**bold**` and `*italic*` mark runs. Templates are built deterministically, so
committed DOCX files can be checked against their sources.
"""
from __future__ import annotations

import io
import re
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from lxml import etree

from .ooxml.settings import application_properties, current_word
from .ooxml.zipped import deterministic_zip

INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*)")
LABELLED = re.compile(r"^\*\*[^*]+\*\*\t")
LABEL_COLUMN = Inches(1.25)
HEADING = re.compile(r"^##\s+(?:\[(?P<id>[a-z_0-9]+)\]\s+)?(?P<text>.*)$")
ABOUT = re.compile(r"^\[about:(?P<id>[a-z_0-9]+)\]\s+")
SIGNATURE_TAB = Inches(3.75)


def _style_document(doc) -> None:
    """Letter pages, one-inch margins, a serif body and plain black headings."""
    for section in doc.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(1))
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Title", 15), ("Subtitle", 12), ("Heading 1", 13), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.name = "Times New Roman"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
    for name in ("Title", "Subtitle"):
        doc.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pbdr = doc.styles[name].element.pPr.find(qn("w:pBdr"))
        if pbdr is not None:
            doc.styles[name].element.pPr.remove(pbdr)
    doc.styles["Title"].font.all_caps = True


def _add_runs(paragraph, text: str) -> None:
    for piece in INLINE.split(text):
        if not piece:
            continue
        if piece.startswith("**"):
            paragraph.add_run(piece[2:-2]).bold = True
        elif piece.startswith("*"):
            paragraph.add_run(piece[1:-1]).italic = True
        else:
            paragraph.add_run(piece)


def _bookmark(paragraph, name: str, ident: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    p.insert(0 if ppr is None else 1, start)
    p.append(end)


def _footer(doc, text: str) -> None:
    """A centered footer: the given text, then the page number as a PAGE field."""
    para = doc.sections[0].footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(text + " \u2013 page ")
    run.font.size = Pt(9)
    for kind, value in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        r = para.add_run()
        r.font.size = Pt(9)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = value
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = value
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)


def _paragraph(doc, line: str):
    """The paragraph one source line makes (see the module's docstring), or None for a control line."""
    heading = HEADING.match(line)
    if heading:
        para = doc.add_paragraph(style="Heading 2")
        _add_runs(para, heading["text"])
        return para
    marks = {"= ": "Title", "+ ": "Subtitle", "# ": "Heading 1", "- ": "List Bullet"}
    style = marks.get(line[:2])
    if style:
        para = doc.add_paragraph(style=style)
        _add_runs(para, line[2:])
    elif line.startswith("> "):
        para = doc.add_paragraph()
        para.paragraph_format.left_indent = Inches(0.5)
        _add_runs(para, line[2:])
    elif line.startswith("| "):
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_runs(para, line[2:])
    elif line.startswith("^ "):
        para = doc.add_paragraph()
        fmt = para.paragraph_format
        fmt.tab_stops.add_tab_stop(SIGNATURE_TAB)
        fmt.space_after = Pt(0)
        # room to sign above a signature line; a gap before the next signer's label ("ATTEST:")
        fmt.space_before = Pt(30) if line[2:].startswith("_") else Pt(14) if line.endswith(":") else Pt(0)
        _add_runs(para, line[2:])
    elif LABELLED.match(line):
        para = doc.add_paragraph()
        fmt = para.paragraph_format
        fmt.tab_stops.add_tab_stop(LABEL_COLUMN)
        fmt.left_indent, fmt.first_line_indent = LABEL_COLUMN, -LABEL_COLUMN
        _add_runs(para, line)
    else:
        para = doc.add_paragraph()
        _add_runs(para, line)
    return para


def _keep_together(paragraphs: list) -> None:
    """Each paragraph but the last keeps with the next; none splits across a page."""
    for i, para in enumerate(paragraphs):
        para.paragraph_format.keep_together = True
        if i < len(paragraphs) - 1:
            para.paragraph_format.keep_with_next = True


class TemplateBuilder:
    """A template under construction: styled letter pages, paragraphs added in order, bookmarks numbered."""

    def __init__(self) -> None:
        self.doc = Document()
        _style_document(self.doc)
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)
        self.bookmark_id = 0
        self.footer: str | None = None

    def line(self, line: str):
        """The paragraph one source line makes (see the module's docstring)."""
        return _paragraph(self.doc, line)

    def control(self, line: str) -> None:
        """A docxtpl control paragraph (`{%p ... %}`), kept as it is."""
        self.doc.add_paragraph(line)

    def paragraph(self, text: str, *, style: str | None = None, centered: bool = False):
        """A paragraph holding `text` as it is (no markup read), in `style` (a style name) or Normal."""
        para = self.doc.add_paragraph(style=style)
        if centered:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if text:
            para.add_run(text)
        return para

    def bookmark(self, paragraph, name: str) -> None:
        """Put the bookmark `name` around a paragraph."""
        self.bookmark_id += 1
        _bookmark(paragraph, name, self.bookmark_id)

    def to_bytes(self) -> bytes:
        """The finished template, packaged deterministically."""
        if self.footer:
            _footer(self.doc, self.footer)
        self.doc.core_properties.author = ""
        self.doc.core_properties.title = ""
        parts = application_properties(current_word(_slim(_parts(_save(self.doc)))), application="draftkit")
        return deterministic_zip(parts, properties={})


def build_text(text: str) -> bytes:
    """Return the DOCX template built from a source text in the line syntax."""
    builder = TemplateBuilder()
    kept: list | None = None
    about_seen: dict[str, int] = {}
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("@footer "):
            builder.footer = line[len("@footer "):]
            continue
        if line in ("@keep", "@endkeep"):
            if line == "@endkeep" and kept:
                _keep_together(kept)
            kept = [] if line == "@keep" else None
            continue
        if line.startswith(("{%p", "{%tr")):
            builder.control(line)
            continue
        about = ABOUT.match(line)
        if about:
            line = line[about.end():]
        para = builder.line(line)
        heading = HEADING.match(line)
        if heading and heading["id"]:
            builder.bookmark(para, f"prov_{heading['id']}")
        if about:
            about_seen[about["id"]] = about_seen.get(about["id"], 0) + 1
            suffix = "" if about_seen[about["id"]] == 1 else f"__{about_seen[about['id']]}"
            builder.bookmark(para, f"about_{about['id']}{suffix}")
        if kept is not None:
            kept.append(para)
        elif line.rstrip("*").endswith(":") and not heading:  # it introduces what follows: keep them together
            para.paragraph_format.keep_with_next = True
    return builder.to_bytes()


# Parts python-docx's default template carries that a template does not need: a second copy of the
# styles for Word 2010, a thumbnail of some other document, and an empty custom XML item.
UNNEEDED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _slim(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Drop unneeded parts (and what points at them) and the styles no paragraph or run uses."""
    parts = {n: b for n, b in parts.items() if not n.startswith(UNNEEDED)}
    for rels in ("_rels/.rels", "word/_rels/document.xml.rels"):
        root = etree.fromstring(parts[rels])
        for rel in list(root):
            target = rel.get("Target", "").replace("../", "")
            if any(target.endswith(u.rstrip("/").split("/")[-1]) or target.startswith(u) for u in UNNEEDED):
                root.remove(rel)
        parts[rels] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    for override in list(types):
        if override.get("PartName", "").lstrip("/").startswith(UNNEEDED):
            types.remove(override)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/styles.xml"] = _used_styles(parts)
    return parts


def _used_styles(parts: dict[str, bytes]) -> bytes:
    """styles.xml with only the styles the document uses, the defaults, and what they are based on."""
    styles = etree.fromstring(parts["word/styles.xml"])
    text = b"".join(b for n, b in parts.items() if n.startswith("word/") and n != "word/styles.xml")
    wanted = set(re.findall(rb'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', text))
    by_id = {s.get(qn("w:styleId")).encode(): s for s in styles.iter(qn("w:style"))}
    wanted |= {k for k, s in by_id.items() if s.get(qn("w:default")) in ("1", "true")}
    queue = list(wanted)
    while queue:
        style = by_id.get(queue.pop())
        for link in ("w:basedOn", "w:next", "w:link"):
            el = style.find(qn(link)) if style is not None else None
            if el is not None and el.get(qn("w:val")).encode() not in wanted:
                wanted.add(el.get(qn("w:val")).encode())
                queue.append(el.get(qn("w:val")).encode())
    for key, style in by_id.items():
        if key not in wanted:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    return etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
