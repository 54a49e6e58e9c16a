"""PDF packets for clerks (`draft build --pdf`): checked by their text (pdftotext, page by page), their fonts
(pdffonts) and their layout: no page starts with a signer's title cut from its signature line or with a
vote line cut from its roll; the signature block and the clerk's certificate each stay on one page."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from support import libreoffice

from draftkit import pdf
from draftkit.cli import main as draft
from draftkit.packet import build_packet

VOTE_LINES = ("AYES:", "NOES:", "ABSTAIN:", "ABSENT:", "Effective date:")
VOLATILE = re.compile(rb"/CreationDate\([^)]*\)|/ModDate\([^)]*\)|/ID \[[^\]]*\]|/DocChecksum /[0-9A-F]+|"
                      rb"<xmp:\w+Date>[^<]*</xmp:\w+Date>")


def require_tools() -> None:
    libreoffice.require()
    for tool in ("pdftotext", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} (poppler-utils) is not installed")


def pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def first_line(page: str) -> str:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return lines[0] if lines else ""


def layout_problems(path: Path, j) -> list[str]:
    """Pages that begin with a piece of a signature block or a vote roll, and blocks split across pages."""
    jur = j.data["jurisdiction"]
    titles = {jur["presiding_officer"], jur["clerk"], jur["attorney"]}
    found = pages(path)
    problems = []
    for number, page in enumerate(found, 1):
        head = first_line(page)
        if any(head.startswith(t) and re.search(r"\bDate\b", head) for t in titles) or head.startswith(
                ("ATTEST:", "APPROVED AS TO FORM:")):
            problems.append(f"page {number} begins with a signer's line: {head!r}")
        if head.startswith(VOTE_LINES):
            problems.append(f"page {number} begins with a vote line cut from its roll: {head!r}")
    signatures = [n for n, page in enumerate(found) if "PASSED AND ADOPTED" in page]
    if not signatures or "APPROVED AS TO FORM:" not in found[signatures[0]]:
        problems.append("the signature block is split across pages")
    certificate = [n for n, page in enumerate(found) if "CERTIFICATE OF THE" in page]
    if not certificate or not all(v in found[certificate[0]] for v in VOTE_LINES):
        problems.append("the clerk's certificate and its vote roll are split across pages")
    return problems


@pytest.fixture(scope="module")
def built(samples, model, canonical, tmp_path_factory):
    require_tools()
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for slug, j in samples.items():
        files = build_packet(j, model, canonical).files
        pdfs, notes = pdf.packet_pdfs(files, what=slug)
        assert notes == ()
        for name, data in pdfs.items():
            (folder / f"{slug}-{name}").write_bytes(data)
        out[slug] = {name: folder / f"{slug}-{name}" for name in pdfs}
    return out


def test_every_sample_gets_its_pdfs_and_a_packet(built, samples):
    for slug, found in built.items():
        assert set(found) == {"ordinance.pdf", "staff_report.pdf", "redline.pdf", "packet.pdf"}
        counts = {name: len(pages(path)) for name, path in found.items()}
        assert counts["packet.pdf"] == counts["ordinance.pdf"] + counts["staff_report.pdf"] + counts["redline.pdf"]
        packet = pages(found["packet.pdf"])
        assert "Staff Report".upper() in packet[0].upper() and "ORDINANCE NO." in packet[counts["staff_report.pdf"]]
        assert samples[slug].data["jurisdiction"]["full_name"] in "".join(pages(found["ordinance.pdf"]))


def test_signature_blocks_and_vote_rolls_stay_together(built, samples):
    for slug, found in built.items():
        assert layout_problems(found["ordinance.pdf"], samples[slug]) == [], slug


def test_blocks_stay_together_wherever_the_page_breaks(samples, model, canonical, tmp_path):
    """Longer and shorter texts before the signatures move the page break through the blocks."""
    require_tools()
    j = samples["richmond"]
    sentence = "The City Clerk shall also post this ordinance on the City's website. "
    documents = {}
    for n in range(0, 16, 3):
        amendments = [{"provision": "publication", "action": "append", "text": sentence * (n * 2 + 1)}] if n else []
        variant = replace(j, data={**j.data, "amendments": amendments})
        documents[f"v{n}.docx"] = build_packet(variant, model, canonical).files["ordinance.docx"]
    for name, data in pdf.convert(documents).items():
        (tmp_path / name).write_bytes(data)
        assert layout_problems(tmp_path / name, j) == [], name


def test_fonts_are_embedded(built):
    for found in built.values():
        for path in found.values():
            listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
            rows = listing.splitlines()[2:]
            assert rows, f"{path.name}: no fonts listed"
            assert all(row.split()[-5] == "yes" for row in rows), f"{path.name}: a font is not embedded\n{listing}"


def test_redline_pdf_shows_the_changes(built):
    text = "".join(pages(built["berkeley"]["redline.pdf"]))
    assert "Enforcement; right to cure" in text and "Prohibition on investments" in text  # inserted and deleted


def test_pdfs_are_the_same_apart_from_their_timestamps(samples, model, canonical):
    require_tools()
    files = {"ordinance.docx": build_packet(samples["alameda"], model, canonical).files["ordinance.docx"]}
    first, second = pdf.convert(files)["ordinance.pdf"], pdf.convert(files)["ordinance.pdf"]
    assert first.startswith(b"%PDF") and VOLATILE.sub(b"", first) == VOLATILE.sub(b"", second)


def test_build_pdf_writes_them_in_parallel(tmp_path, capsys):
    require_tools()
    root = Path(__file__).resolve().parent.parent / "jurisdictions"
    code = draft(["build", str(root / "alameda.yaml"), str(root / "berkeley.yaml"), "--pdf", "--jobs", "2",
                  "--out", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    for slug in ("alameda", "berkeley"):
        for name in ("ordinance.pdf", "staff_report.pdf", "redline.pdf", "packet.pdf"):
            assert (tmp_path / slug / name).read_bytes().startswith(b"%PDF"), f"{slug}/{name}"


def test_without_libreoffice_it_says_so_and_writes_the_rest(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    root = Path(__file__).resolve().parent.parent / "jurisdictions"
    code = draft(["build", str(root / "alameda.yaml"), "--pdf", "--jobs", "1", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 0 and "no PDFs written: LibreOffice (soffice) is not on PATH" in err
    assert (tmp_path / "out" / "alameda" / "ordinance.docx").is_file()
    assert not list((tmp_path / "out" / "alameda").glob("*.pdf"))


def test_a_conversion_that_hangs_is_stopped(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\n/bin/sleep 30 &\nwait\n")  # a child of its own, as soffice.bin is
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    with pytest.raises(pdf.PdfProblem, match="took longer than 1 seconds and was stopped"):
        pdf.convert({"ordinance.docx": b"PK"}, what="test", timeout=1)


def test_a_build_without_pdf_says_the_old_pdfs_are_stale(tmp_path, capsys):
    require_tools()
    root = Path(__file__).resolve().parent.parent / "jurisdictions"
    assert draft(["build", str(root / "alameda.yaml"), "--pdf", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert draft(["build", str(root / "alameda.yaml"), "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "ordinance.pdf, packet.pdf, redline.pdf, staff_report.pdf are from an earlier build" in err
