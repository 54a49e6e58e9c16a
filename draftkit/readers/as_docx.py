"""A DocumentText written as a simple Word file (python-docx): one paragraph per Paragraph, in order, so
that the file's paragraphs have the indexes the text gives them and the redline machinery can mark it."""
from __future__ import annotations

import io

from docx import Document

from ..document import DocumentText


def text_docx(document: DocumentText, *, title: str) -> bytes:
    """The text as DOCX bytes: headings in Word's heading styles, every other paragraph in Normal."""
    doc = Document()
    doc.core_properties.title = title
    for expected, para in enumerate(document.paragraphs):
        assert para.index == expected, "paragraph indexes must count the paragraphs in order"
        doc.add_paragraph(para.text, style=para.style or None)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
