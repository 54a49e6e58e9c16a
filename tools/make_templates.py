"""Build a model's DOCX templates from their plain-text sources.

    python tools/make_templates.py [MODEL_DIR]      (default: templates/ordinance)

Each `source/<name>.txt` in the model folder becomes `<name>.docx` beside it. One line is one paragraph:

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
    anything else       a Normal paragraph

Blank lines are ignored; `**bold**` and `*italic*` mark runs. Templates are built deterministically, so
the committed DOCX files can be checked against their sources (tests/test_templates.py does).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from draftkit.docx_io import deterministic_docx  # noqa: E402

INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*)")
LABELLED = re.compile(r"^\*\*[^*]+\*\*\t")
LABEL_COLUMN = Inches(1.25)
HEADING = re.compile(r"^##\s+(?:\[(?P<id>[a-z_0-9]+)\]\s+)?(?P<text>.*)$")


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


def build(source: Path) -> bytes:
    """Return the DOCX template built from one source text."""
    doc = Document()
    _style_document(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    bookmark_id = 0
    footer = None
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("@footer "):
            footer = line[len("@footer "):]
            continue
        if line.startswith("{%p") or line.startswith("{%tr"):
            doc.add_paragraph(line)
            continue
        heading = HEADING.match(line)
        if heading:
            para = doc.add_paragraph(style="Heading 2")
            _add_runs(para, heading["text"])
            if heading["id"]:
                bookmark_id += 1
                _bookmark(para, f"prov_{heading['id']}", bookmark_id)
            continue
        marks = {"= ": "Title", "+ ": "Subtitle", "# ": "Heading 1", "- ": "List Bullet"}
        style = marks.get(line[:2])
        if style:
            _add_runs(doc.add_paragraph(style=style), line[2:])
        elif line.startswith("> "):
            para = doc.add_paragraph()
            para.paragraph_format.left_indent = Inches(0.5)
            _add_runs(para, line[2:])
        elif line.startswith("| "):
            para = doc.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _add_runs(para, line[2:])
        elif LABELLED.match(line):
            para = doc.add_paragraph()
            fmt = para.paragraph_format
            fmt.tab_stops.add_tab_stop(LABEL_COLUMN)
            fmt.left_indent, fmt.first_line_indent = LABEL_COLUMN, -LABEL_COLUMN
            _add_runs(para, line)
        else:
            _add_runs(doc.add_paragraph(), line)
    if footer:
        _footer(doc, footer)
    doc.core_properties.author = ""
    doc.core_properties.title = ""
    return deterministic_docx(_save(doc), properties={})


def _save(doc) -> bytes:
    from io import BytesIO

    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    model = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "templates" / "ordinance"
    for source in sorted((model / "source").glob("*.txt")):
        target = model / f"{source.stem}.docx"
        target.write_bytes(build(source))
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
