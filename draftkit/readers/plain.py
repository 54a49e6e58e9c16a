"""A plain-text file (typed, or saved from a PDF or a web page) -> lines.

UTF-8 (with or without a byte-order mark) is read as such; other bytes as Windows-1252, and the notes say
so. A form feed starts a new page, so running heads and page numbers in text saved from a PDF can be taken
out like a PDF's. A file whose lines are long holds one paragraph per line; otherwise a blank line ends a
paragraph and the lines between are joined.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableDocument
from .lines import Line

UNWRAPPED = 150  # a file with a line this long was not wrapped by hand: each line is a paragraph


def decode(data: bytes, *, path: Path) -> tuple[str, tuple[str, ...]]:
    """The file's text and what the reader had to assume about it."""
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(path, "it is not a text file (it holds NUL bytes, as binary files and UTF-16 "
                                 "text do); save it as UTF-8 text, or give the PDF or Word file itself")
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), ("read as Windows-1252 text: the file is not UTF-8",)


def text_lines(text: str) -> list[Line]:
    """Lines with their pages (from form feeds) and paragraph ends (blank lines, or every line)."""
    pages = text.split("\f")
    numbered = len(pages) > 1
    each = max((len(line) for line in text.splitlines()), default=0) >= UNWRAPPED
    out: list[Line] = []
    for n, page in enumerate(pages, 1):
        for raw in page.splitlines():
            if not raw.strip():
                if out and not out[-1].breaks:
                    out[-1] = Line(out[-1].text, out[-1].page, breaks=True)
                continue
            out.append(Line(raw.strip(), n if numbered else 0, breaks=each))
    return out


def plain_lines(data: bytes, *, path: Path) -> tuple[list[Line], tuple[str, ...]]:
    """The file's lines and the reader's notes."""
    text, notes = decode(data, path=path)
    lines = text_lines(text)
    if not lines:
        raise UnreadableDocument(path, "the text file is empty; give a file that holds the ordinance's text")
    return lines, notes
