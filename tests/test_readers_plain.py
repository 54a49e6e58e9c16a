"""Plain-text inputs: typed, hard-wrapped, or saved from a PDF with its form feeds and furniture."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support.adopted_texts import HISTORY, plain_text, source_lines

from draftkit.errors import UnreadableDocument
from draftkit.readers import read_text_document


def read(text: str | bytes, name: str = "chapter.txt"):
    return read_text_document(Path(name), text.encode("utf-8") if isinstance(text, str) else text)


def test_one_paragraph_per_block():
    text = read(plain_text(source_lines()))
    assert [p.text for p in text.paragraphs] == [x.text for x in source_lines() if not HISTORY.match(x.text)]


def test_hard_wrapped_lines_are_joined():
    text = read("13.105.010 Title.\n\nThis chapter may be cited as the\nSanctuary Ordinance, and its provi-\n"
                "sions apply.\n\n(a) First.\n(b) Second.\n")
    assert [p.text for p in text.paragraphs] == [
        "13.105.010 Title.", "This chapter may be cited as the Sanctuary Ordinance, and its provisions apply.",
        "(a) First.", "(b) Second."]


def test_text_saved_from_a_pdf_loses_its_furniture():
    parts = {1: ("Title", "Named."), 2: ("Waiver", "Waived."), 3: ("Report", "Reported.")}
    pages = [f"ORDINANCE NO. 7650-N.S.\n13.105.0{n}0 {title}.\n{body}\nPage {n} of 3\n"
             for n, (title, body) in parts.items()]
    text = read("\f".join(pages))
    assert [p.text for p in text.paragraphs] == [x for n, (title, body) in parts.items()
                                                 for x in (f"13.105.0{n}0 {title}.", body)]
    assert any("running head" in n for n in text.notes) and any("page number" in n for n in text.notes)


def test_windows_1252_is_read_and_said():
    text = read("Fees – capped at $15,000.\n".encode("cp1252"))
    assert text.paragraphs[0].text == "Fees – capped at $15,000."
    assert any("Windows-1252" in n for n in text.notes)


@pytest.mark.parametrize("data, message", [
    (b"", "empty"), (b"\n\n  \n", "empty"),
    ("UTF-16 text".encode("utf-16"), "NUL bytes"),
    (b"PK\x03\x04rest", "ZIP package"),
])
def test_bad_text_files(data, message):
    with pytest.raises(UnreadableDocument, match=message):
        read(data)


def test_compare_takes_text_pdf_and_html_inputs_beside_yaml(tmp_path):
    from support.adopted_texts import code_page

    (tmp_path / "typed.txt").write_text(plain_text(source_lines()), encoding="utf-8")
    (tmp_path / "online.html").write_text(code_page(source_lines()), encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "draftkit", "compare", tmp_path, tmp_path / "typed.txt", "--out", out],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert {(c["slug"], c["status"]) for c in data["jurisdictions"]} == {
        ("typed", "adopted text (text)"), ("online", "adopted text (HTML)")}
    assert (out / "typed" / "redline.html").is_file() and (out / "online" / "redline.docx").is_file()
