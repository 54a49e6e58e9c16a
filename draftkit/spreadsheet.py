"""Cells a spreadsheet will not run: text that begins like a formula is neutralised (OWASP's CSV injection).

A cell that begins with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice Calc and Google
Sheets as a formula (=HYPERLINK(...) can leak data, =1+2 computes); such a cell is written with a leading
apostrophe, which spreadsheets show as text and do not display.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral(cell: Any) -> str:
    """The cell as text a spreadsheet shows rather than computes."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _line_breaks(text: str) -> str:
    """Line breaks in a cell as LF, which the csv module quotes whatever its line terminator (a lone CR it
    leaves bare when the terminator is LF, and a spreadsheet would start a new row there)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class SafeWriter:
    """A csv writer whose every cell is neutralised, with its line breaks kept inside the cell."""

    def __init__(self, writer: Any):
        self.writer = writer

    def writerow(self, cells: Iterable[Any]) -> None:
        self.writer.writerow([_line_breaks(neutral(c)) for c in cells])
