"""PDF inputs: a clerk's Word file exported by LibreOffice (running head, page numbers, line numbers, two
columns) reads back as the source's paragraphs; scanned, encrypted and false PDFs are refused, and say why."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import libreoffice
from support.adopted_texts import HISTORY, clerk_docx, encrypted_pdf, minimal_pdf, source_lines, to_pdf

from draftkit.errors import UnreadableDocument
from draftkit.readers import read_text_document

HEAD = "BERKELEY MUNICIPAL CODE    Chapter 13.105"
SHAPES = {"plain": {}, "line_numbers": {"running_head": HEAD, "line_numbers": True},
          "two_columns": {"running_head": HEAD, "line_numbers": True, "columns": 2}}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    libreoffice.require()
    folder = tmp_path_factory.mktemp("pdfs")
    docxs = []
    for shape, options in SHAPES.items():
        docxs.append(folder / f"{shape}.docx")
        docxs[-1].write_bytes(clerk_docx(source_lines(), **options))
    return dict(zip(SHAPES, to_pdf(docxs, folder)))


def source_paragraphs() -> list[str]:
    return [x.text for x in source_lines() if not HISTORY.match(x.text)]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_paragraph_comes_back(pdfs, shape):
    text = read_text_document(pdfs[shape], pdfs[shape].read_bytes())
    assert [p.text for p in text.paragraphs] == source_paragraphs()
    numbers = [s.number for s in text.sections if s.number]
    assert numbers == [f"13.105.0{n}0" for n in range(1, 8)]
    assert any("7 history note(s)" in n for n in text.notes)


def test_running_heads_and_footers_are_named_in_the_notes(pdfs):
    notes = read_text_document(pdfs["line_numbers"], pdfs["line_numbers"].read_bytes()).notes
    assert any("running head or footer" in n for n in notes)


def test_a_scan_without_text_is_refused():
    with pytest.raises(UnreadableDocument, match="no text layer .*1 page.* OCR"):
        read_text_document(Path("scan.pdf"), minimal_pdf())


def test_an_encrypted_pdf_is_refused(tmp_path):
    libreoffice.require()
    docx = tmp_path / "locked.docx"
    docx.write_bytes(clerk_docx(source_lines()[:4]))
    locked = encrypted_pdf(docx, tmp_path)
    with pytest.raises(UnreadableDocument, match="encrypted .*password.*unprotected copy"):
        read_text_document(locked, locked.read_bytes())


def test_a_word_file_named_pdf_is_refused():
    data = clerk_docx(source_lines()[:3])
    with pytest.raises(UnreadableDocument, match=r"named \.pdf but is not a PDF .*Word file"):
        read_text_document(Path("x.pdf"), data)


def test_a_broken_pdf_is_refused():
    with pytest.raises(UnreadableDocument, match="not a readable PDF .*export it to PDF again"):
        read_text_document(Path("x.pdf"), b"%PDF-1.7\nnothing else")


def draft(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "draftkit", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_redline_of_a_pdf_writes_the_three_outputs(pdfs, tmp_path):
    result = draft("redline", "--input", pdfs["two_columns"], "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "two_columns"
    assert {p.name for p in folder.iterdir()} >= {"redline.docx", "redline.html", "changes.json", "baseline.docx"}
    changes = json.loads((folder / "changes.json").read_text(encoding="utf-8"))
    assert any("history note" in n for n in changes["notes"])
    assert "Prohibited Services" in (folder / "redline.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, data, message", [
    ("scan.pdf", minimal_pdf(), "no text layer"),
    ("fake.pdf", b"PK\x03\x04 not a pdf", "not a PDF"),
])
def test_bad_pdfs_exit_1_and_write_nothing(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = draft("redline", "--docx", path, "--out", tmp_path / "out")
    assert result.returncode == 1 and message in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
