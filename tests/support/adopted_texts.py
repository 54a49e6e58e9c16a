"""Real-shaped adopted texts made from one plain-text source (tests/fixtures/reworded/): a Word file as a clerk
would type it (running head, page numbers in the footer, optionally line numbers in the margin and two
columns), the PDF LibreOffice exports from it, and a page shaped like an online municipal code.

The source's conventions: a line starting with a section number ("13.105.030 Title.") is a section heading,
"Chapter ..." lines and the line after them are the chapter's heading, "(Ord. ...)" lines are history notes.
"""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Pt

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reworded"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SECTION = re.compile(r"^(\d+\.\d+\.\d+)\s+(.*)$")
HISTORY = re.compile(r"^\(Ord\. .*\)$")


@dataclass(frozen=True)
class Line:
    kind: str  # "chapter", "section", "body", "history"
    text: str


def source_lines(name: str = "chapter.txt", *, text: str | None = None) -> list[Line]:
    """The fixture's non-blank lines, each with its kind."""
    raw = text if text is not None else (FIXTURES / name).read_text(encoding="utf-8")
    out: list[Line] = []
    chapter_next = False
    for line in (x.strip() for x in raw.splitlines()):
        if not line:
            continue
        if line.startswith("Chapter ") or chapter_next:
            out.append(Line("chapter", line))
            chapter_next = line.startswith("Chapter ")
        elif SECTION.match(line):
            out.append(Line("section", line))
        elif HISTORY.match(line):
            out.append(Line("history", line))
        else:
            out.append(Line("body", line))
    return out


def without(lines: list[Line], *starts: str) -> list[Line]:
    """The lines less those that start with any of `starts` (to take a provision out)."""
    return [line for line in lines if not line.text.startswith(starts)]


def _field(instr: str) -> str:
    return (f'<w:fldSimple {W} w:instr="{instr}"><w:r><w:t>1</w:t></w:r></w:fldSimple>')


def clerk_docx(lines: list[Line], *, running_head: str = "", line_numbers: bool = False, columns: int = 1,
               footer: str = "Ordinance No. 7650-N.S.") -> bytes:
    """A Word file as a clerk types an adopted chapter: bold centred chapter heading, bold section headings,
    a running head, "Page N of M" in the footer; line numbers in the margin and columns when asked."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    for line in lines:
        para = doc.add_paragraph()
        run = para.add_run(line.text)
        if line.kind in ("chapter", "section"):
            run.bold = True
            para.paragraph_format.keep_with_next = True
        if line.kind == "chapter":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if line.kind == "history":
            run.font.size = Pt(9)
    section = doc.sections[0]
    if running_head:
        section.header.paragraphs[0].text = running_head
    foot = section.footer.paragraphs[0]
    foot.add_run(f"{footer}    Page ")
    foot._p.append(parse_xml(_field("PAGE")))
    foot.add_run(" of ")
    foot._p.append(parse_xml(_field("NUMPAGES")))
    sect_pr = section._sectPr
    if line_numbers:
        sect_pr.append(parse_xml(f'<w:lnNumType {W} w:countBy="1" w:restart="newPage" w:distance="360"/>'))
    if columns > 1:
        sect_pr.append(parse_xml(f'<w:cols {W} w:num="{columns}" w:space="720"/>'))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def code_page(lines: list[Line], *, title: str = "Chapter 13.105 SANCTUARY CITY CONTRACTING") -> str:
    """A page shaped like an online municipal code: site chrome, a script, breadcrumbs, the chapter in <h2>,
    each section in <h3> with its paragraphs, history notes in their own class, a footer."""
    body: list[str] = []
    for line in lines:
        text = html.escape(line.text)
        if line.kind == "chapter":
            continue
        if line.kind == "section":
            number = SECTION.match(line.text)[1]
            body.append(f'<div class="Section" id="{number}"><h3 class="SectionTitle">{text}</h3>')
        elif line.kind == "history":
            body.append(f'<p class="History">{text}</p></div>')
        else:
            body.append(f'<p class="P1">{text}</p>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Municipal Code</title>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>.History {{ font-size: small; }}</style></head>
<body>
<header class="site"><nav><a href="/">Home</a> | <a href="/search">Search the code</a> | <a href="/print">Print</a></nav></header>
<div class="breadcrumbs">Title 13 PUBLIC PEACE, MORALS AND WELFARE &gt; {html.escape(title)}</div>
<main><h2 class="ChapterTitle">{html.escape(title)}</h2>
<p class="Sections">Sections:</p>
<ul class="toc">{''.join(f'<li>{html.escape(x.text)}</li>' for x in lines if x.kind == 'section')}</ul>
{chr(10).join(body)}
</main>
<footer>This code is current through Ordinance 7912-NS, passed May 2026. Disclaimer: the official printed copy
governs.</footer>
<script>document.querySelectorAll('a').forEach(function (a) {{ a.rel = 'noopener'; }});</script>
</body></html>
"""


def plain_text(lines: list[Line]) -> str:
    """The source as a plain-text file: blank lines between paragraphs."""
    return "\n\n".join(line.text for line in lines) + "\n"


def to_pdf(docxs: list[Path], outdir: Path, kind: str = "pdf") -> list[Path]:
    """Export Word files to PDF (or `kind`: "html") with one LibreOffice run (its own profile); the exported
    files' paths, in order."""
    import subprocess

    profile = outdir / "lo_profile"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", kind,
                    "--outdir", str(outdir), *map(str, docxs)], check=True, capture_output=True, timeout=180)
    return [outdir / f"{d.stem}.{kind}" for d in docxs]


def minimal_pdf(content: bytes = b"0 0 1 rg 100 100 200 300 re f") -> bytes:
    """A valid one-page PDF whose page draws `content` (by default a filled rectangle and no text): what a
    scan without OCR looks like to a text reader."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf(docx: Path, outdir: Path) -> Path:
    """The Word file exported by LibreOffice as a PDF that needs a password to open."""
    import subprocess

    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{outdir / 'lo_profile'}", "--convert-to",
                    options, "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=180)
    return outdir / f"{docx.stem}.pdf"
