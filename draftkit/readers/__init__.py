"""Adopted texts that are not Word files: a PDF's text layer, a web page from an online code, a plain-text
file. Each reader gives lines; `lines.recover` makes them a DocumentText like the Word reader's; `as_docx`
writes that text as a simple Word file, so the redline machinery works on it as on any DOCX.
"""
from __future__ import annotations

from pathlib import Path

from ..document import DocumentText
from ..errors import UnreadableDocument

KINDS = {".pdf": "PDF", ".html": "HTML", ".htm": "HTML", ".xhtml": "HTML", ".txt": "text", ".text": "text"}
SUFFIXES = tuple(KINDS)


def text_kind(path: Path) -> str | None:
    """"PDF", "HTML" or "text" for an input these readers take (by its name), None for anything else."""
    return KINDS.get(path.suffix.lower())


def _check_kind(kind: str, data: bytes, path: Path) -> None:
    """Refuse a file whose content is not what its name says."""
    head = data[:1024].lstrip()
    if kind == "PDF" and b"%PDF-" not in data[:1024]:
        what = "a Word file or another ZIP package" if head.startswith(b"PK") else "something else"
        raise UnreadableDocument(path, f"it is named .pdf but is not a PDF (it does not begin with %PDF-; it "
                                 f"looks like {what}); give the real PDF, or rename the file to what it is")
    if kind != "PDF" and head.startswith(b"%PDF-"):
        raise UnreadableDocument(path, f"it is a PDF named as {kind}; rename it to .pdf")
    if kind != "PDF" and head.startswith(b"PK\x03\x04"):
        raise UnreadableDocument(path, f"it is a ZIP package (a Word file?) named as {kind}; rename it to .docx")


def read_text_document(path: Path, data: bytes) -> DocumentText:
    """The document a PDF, web page or text file holds, as sections; its notes say what was removed."""
    from .html import html_lines
    from .lines import recover  # the readers are loaded only for such a file: `text_kind` alone is cheap
    from .pdf import pdf_lines
    from .plain import plain_lines

    kind = text_kind(path)
    if kind is None:
        raise UnreadableDocument(path, f"not a PDF, web page or text file (a name ending in {', '.join(SUFFIXES)})")
    _check_kind(kind, data, path)
    notes: tuple[str, ...] = ()
    if kind == "PDF":
        lines = pdf_lines(data, path=path)
    elif kind == "HTML":
        lines = html_lines(data, path=path)
    else:
        lines, notes = plain_lines(data, path=path)
    document = recover(lines, kind=kind)
    if not any(p.text.strip() for p in document.paragraphs):
        raise UnreadableDocument(path, f"no text was found in this {kind} file once page furniture was removed")
    return DocumentText(document.sections, notes + document.notes)
