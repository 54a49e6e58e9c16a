"""A PDF's text layer -> lines with their places (pdfminer.six's layout analysis), in reading order.

pdfminer.six was chosen by measurement (bench/pdf_readers.py): of pypdf, pdfminer.six and pdfplumber, it
alone gives text boxes with their places fast enough, so that margin line numbers, running heads and two
columns can be told apart from the text. Its own order of boxes mixes two columns when line numbers run
down the margin, so boxes are put in reading order here: full-width boxes cut the page into bands, and
within a band the columns are read left to right, each from top to bottom.
"""
from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from ..errors import UnreadableDocument
from .lines import LINE_NUMBER, Line

MAX_PAGES = 2_000
Box = tuple[float, float, float, float]  # x0, top, x1, bottom (top-down)


BOLD = ("bold", "black", "heavy", "semibold", "demi")  # how embedded font names say a face is bold


def _bold(line) -> bool:
    """Whether every letter of a pdfminer text line is set in a bold face."""
    from pdfminer.layout import LTChar

    faces = {c.fontname.casefold() for c in line if isinstance(c, LTChar) and c.get_text().strip()}
    return bool(faces) and all(any(word in face for word in BOLD) for face in faces)


def _boxes(page) -> list[tuple[Box, list[tuple[str, Box, bool]]]]:
    """The page's text boxes: each box's place, and its lines' texts, places (top-down coordinates) and
    whether they are bold."""
    from pdfminer.layout import LTTextBox, LTTextLine

    height = page.height
    out = []
    for box in page:
        if not isinstance(box, LTTextBox):
            continue
        lines = [line for line in box if isinstance(line, LTTextLine) and line.get_text().strip()]
        if lines:
            out.append(((box.x0, height - box.y1, box.x1, height - box.y0),
                        [(line.get_text().strip(), (line.x0, height - line.y1, line.x1, height - line.y0),
                          _bold(line)) for line in lines]))
    return out


def reading_order(boxes: list[Box], width: float) -> list[int]:
    """Indexes of `boxes` in reading order: bands between full-width boxes, columns left to right."""
    middle = width / 2
    spanning = [i for i, b in enumerate(boxes) if b[0] < middle - 1 < b[2] and b[2] - b[0] > width / 2]
    order: list[int] = []
    rest = sorted(set(range(len(boxes))) - set(spanning), key=lambda i: boxes[i][1])
    for cut in sorted(spanning, key=lambda i: boxes[i][1]) + [None]:
        limit = boxes[cut][1] if cut is not None else float("inf")
        band = [i for i in rest if boxes[i][1] < limit]
        rest = [i for i in rest if boxes[i][1] >= limit]
        order += sorted(band, key=lambda i: (boxes[i][0] >= middle, boxes[i][1]))
        if cut is not None:
            order.append(cut)
    return order


def _page_lines(page, number: int) -> Iterator[Line]:
    size = (page.width, page.height)
    found = [b for b in _boxes(page) if not all(LINE_NUMBER.match(t) for t, _, _ in b[1])]  # margin numbers
    for i in reading_order([b[0] for b in found], page.width):
        for text, place, bold in found[i][1]:
            yield Line(text, number, place, size, bold=bold)


def pdf_lines(data: bytes, *, path: Path) -> list[Line]:
    """Every line of the text layer, in reading order; a clear error for an encrypted, broken or scanned
    PDF."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    lines: list[Line] = []
    pages = 0
    try:
        for pages, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(), maxpages=MAX_PAGES), 1):
            lines += _page_lines(page, pages)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableDocument(path, "the PDF is encrypted (password-protected); save an unprotected copy "
                                 "(print it to PDF, or remove the password) and give that") from exc
    except (PDFSyntaxError, PSException, ValueError, TypeError, KeyError, AttributeError, AssertionError,
            IndexError, RecursionError) as exc:
        raise UnreadableDocument(path, f"it is not a readable PDF ({type(exc).__name__}: {exc}); open it and "
                                 "export it to PDF again, or give the Word file") from exc
    if not any(line.text.strip() for line in lines):
        raise UnreadableDocument(path, f"the PDF has no text layer ({pages} page(s) of images, likely a scan); "
                                 "run OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`) or give the Word file")
    return lines
