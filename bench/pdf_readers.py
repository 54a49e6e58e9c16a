"""Which PDF library reads an adopted ordinance best? A measurement, not a test; run it:

    python bench/pdf_readers.py [--repeat 10] [--json FILE]

It builds the reworded chapter (tests/fixtures/reworded/chapter.txt) as a clerk's Word file in four shapes
(plain; a running head and "Page N of M" footer; the same with line numbers in the margin; the same in two
columns), exports each to PDF with LibreOffice, and reads each PDF with every candidate library through the
same recovery (draftkit.readers.lines). For each: the share of the source's paragraphs recovered word for
word, the share of its words recovered in order, the stray words (furniture left in), and the seconds per
page on a long file (the chapter `--repeat` times). Candidates: pypdf (content-stream order, no places),
pdfminer.six (layout analysis: text boxes with their places), pdfplumber (words with places, lines by
position). PyMuPDF is not a candidate: its AGPL licence does not fit an MIT project.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.adopted_texts import HISTORY, clerk_docx, source_lines  # noqa: E402

from draftkit.readers.lines import Line, recover  # noqa: E402
from draftkit.sequence import opcodes  # noqa: E402

HEAD = "BERKELEY MUNICIPAL CODE    Chapter 13.105"
SHAPES = {"plain": {}, "running head": {"running_head": HEAD},
          "line numbers": {"running_head": HEAD, "line_numbers": True},
          "two columns": {"running_head": HEAD, "line_numbers": True, "columns": 2}}


def lines_pypdf(path: Path) -> list[Line]:
    import pypdf

    reader = pypdf.PdfReader(path)
    return [Line(text, n) for n, page in enumerate(reader.pages, 1) for text in page.extract_text().splitlines()]


def lines_pdfminer(path: Path) -> list[Line]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine

    out = []
    for n, page in enumerate(extract_pages(path, laparams=LAParams()), 1):
        height = page.height
        for box in page:
            if isinstance(box, LTTextBox):
                out += [Line(line.get_text().strip(), n, (line.x0, height - line.y1, line.x1, height - line.y0),
                             (page.width, height)) for line in box if isinstance(line, LTTextLine)]
    return out


def lines_pdfplumber(path: Path) -> list[Line]:
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            out += [Line(line["text"], n, (line["x0"], line["top"], line["x1"], line["bottom"]),
                         (page.width, page.height)) for line in page.extract_text_lines()]
    return out


def lines_draftkit(path: Path) -> list[Line]:
    from draftkit.readers.pdf import pdf_lines

    return pdf_lines(path.read_bytes(), path=path)


READERS: dict[str, Callable[[Path], list[Line]]] = {
    "pypdf": lines_pypdf, "pdfminer.six": lines_pdfminer, "pdfplumber": lines_pdfplumber,
    "pdfminer.six + column order (draftkit.readers.pdf)": lines_draftkit}


def to_pdf(docx: Path, outdir: Path) -> Path:
    profile = outdir / "profile"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                    "--outdir", str(outdir), str(docx)], check=True, capture_output=True, timeout=120)
    return docx.with_suffix(".pdf")


def score(paragraphs: list[str], source: list[str]) -> dict:
    """Paragraphs found word for word, words found in order, words that are not the source's."""
    found = set(paragraphs)
    words_in = " ".join(source).split()
    words_out = " ".join(paragraphs).split()
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes(words_in, words_out) if tag == "equal")
    return {"paragraphs": round(sum(p in found for p in source) / len(source), 3),
            "words_in_order": round(kept / len(words_in), 3), "stray_words": len(words_out) - kept}


def measure(repeat: int) -> dict:
    lines = source_lines()
    source = [x.text for x in lines if not HISTORY.match(x.text)]
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="pdfbench_") as tmp:
        folder = Path(tmp)
        pdfs = {}
        for shape, options in SHAPES.items():
            docx = folder / f"{shape.replace(' ', '_')}.docx"
            docx.write_bytes(clerk_docx(lines, **options))
            pdfs[shape] = to_pdf(docx, folder)
        long_docx = folder / "long.docx"
        long_docx.write_bytes(clerk_docx(lines * repeat, **SHAPES["line numbers"]))
        long_pdf = to_pdf(long_docx, folder)
        for name, read in READERS.items():
            row = {}
            for shape, pdf in pdfs.items():
                text = recover(read(pdf), kind="PDF")
                row[shape] = score([p.text for p in text.paragraphs], source)
            started = time.perf_counter()
            pages = len({line.page for line in read(long_pdf)})
            row["seconds_per_page"] = round((time.perf_counter() - started) / pages, 4)
            results[name] = row
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10, help="copies of the chapter in the long file")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is needed to make the PDFs", file=sys.stderr)
        return 1
    results = measure(args.repeat)
    for name, row in results.items():
        print(f"{name}: {row['seconds_per_page']} s/page")
        for shape in SHAPES:
            print(f"  {shape:13} {row[shape]}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
