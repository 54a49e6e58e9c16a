"""Corpus cases made by LibreOffice itself (see word_corpus.py): a document built through the text API,
saved as "MS Word 2007 XML", then edited through the text API and saved again. What LibreOffice writes
(its own numbering.xml with w:lvlOverride restarts, its table properties) is the point of these cases.
Each call starts one soffice (lo_uno.py create); without LibreOffice the calling test is skipped.
"""
from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from . import libreoffice

Pair = tuple[bytes, bytes]


def _made(content: list[dict], edits: list[dict]) -> Pair:
    libreoffice.require()
    with tempfile.TemporaryDirectory(prefix="corpus_lo_") as tmp:
        original, edited = Path(tmp) / "original.docx", Path(tmp) / "edited.docx"
        libreoffice.create(content, [(original, []), (edited, edits)])
        return original.read_bytes(), edited.read_bytes()


def heading(text: str) -> dict:
    return {"text": text, "style": "Heading 1"}


@functools.cache
def numbering_lo() -> Pair:
    """(a) through LibreOffice: a list style "(a)" / "(1)" / "(i)" on three levels, restarted at "(a)" in
    the second section (ParaIsNumberingRestart, which LibreOffice saves as a second w:num with
    w:lvlOverride/w:startOverride). Edit: a new first item "Housing services" is inserted above the others
    (labels (a)..(c) become (b)..(d)) and "first-class mail" becomes "certified mail"."""
    content = [
        heading("Sec. 2.23.010. Definitions."),
        {"text": "For the purposes of this chapter, the following words have the meanings given in this section."},
        {"text": '"Landlord" means an owner, lessor, or sublessor of a rental unit, and includes:', "list": 0},
        {"text": "a person who manages a rental unit for the owner; and", "list": 1},
        {"text": "a successor in interest to the owner, including:", "list": 1},
        {"text": "an heir; or", "list": 2},
        {"text": "a purchaser at a foreclosure sale.", "list": 2},
        {"text": '"Rental unit" means any dwelling unit offered or available for rent.', "list": 0},
        {"text": '"Tenant" means a person entitled to occupy a rental unit under a rental agreement.', "list": 0},
        heading("Sec. 2.23.020. Notice of rent increase."),
        {"text": "A landlord shall give each tenant written notice of any rent increase.", "list": 0, "restart": True},
        {"text": "The notice shall state the amount of the increase and the date it takes effect.", "list": 0},
        {"text": "The notice shall be served in person or by first-class mail.", "list": 1},
        {"text": "A notice that does not comply with this section is void."},
    ]
    edits = [{"op": "insert_paragraph_before", "before": '"Landlord" means',
              "text": '"Housing services" means services provided by the landlord in connection with the use of '
                      "a rental unit."},
             {"op": "replace", "find": "first-class mail", "with": "certified mail"}]
    return _made(content, edits)


@functools.cache
def table_edits_lo() -> Pair:
    """(b) through LibreOffice: a 4 x 2 fee table in Sec. 2.23.040. Edit: cell B2 "$50 per unit" becomes
    "$75 per unit", cell A3 gains "individual", a row "Relocation assistance claim | $40" is inserted
    after row 3 and the last row "Appeal | $25" is deleted."""
    content = [
        heading("Sec. 2.23.040. Fees."),
        {"text": "The following fees apply to applications under this chapter:"},
        {"table": [["Application", "Fee"], ["Rent registration", "$50 per unit"],
                   ["Petition for rent adjustment", "$100"], ["Appeal", "$25"]]},
        {"text": "Fees are due when the application is filed."},
    ]
    edits = [{"op": "set_cell", "table": 0, "cell": "B2", "text": "$75 per unit"},
             {"op": "set_cell", "table": 0, "cell": "A3", "text": "Petition for individual rent adjustment"},
             {"op": "insert_row", "table": 0, "index": 3, "cells": ["Relocation assistance claim", "$40"]},
             {"op": "delete_row", "table": 0, "index": 4}]
    return _made(content, edits)
