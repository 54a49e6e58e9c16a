"""PDF copies for agenda packets, made by LibreOffice headless: the ordinance, the staff report, the redline
(tracked changes printed in colour with change bars, as Word prints its markup) and one packet.pdf (staff
report, then ordinance, then redline) for the clerk to attach.

Each conversion runs LibreOffice in a temporary folder with its own user profile, so conversions in
parallel processes (`draft build --jobs N`) never share a profile or a lock; it is given a time limit and
its whole process group is ended if it runs over. LibreOffice embeds the fonts it lays out with. The PDFs
are the same from run to run apart from the timestamps and document id LibreOffice writes into them.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import DraftError

SOURCES = {"ordinance.pdf": "ordinance.docx", "staff_report.pdf": "staff_report.docx", "redline.pdf": "redline.docx"}
PACKET = "packet.pdf"
PACKET_ORDER = ("staff_report.pdf", "ordinance.pdf", "redline.pdf")  # as an agenda item is read
TIMEOUT_SECONDS = 180
INSTALL = ("install LibreOffice to write PDFs (Debian: apt-get install libreoffice-writer-nogui "
           "poppler-utils fonts-liberation2)")


class PdfProblem(DraftError):
    """LibreOffice could not make a PDF of a document (it failed, or ran over its time limit)."""

    def __init__(self, what: str, message: str):
        super().__init__(what, message)
        self.what, self.message = what, message

    def __str__(self) -> str:
        return f"{self.what}: no PDF written: {self.message}"


def soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def unavailable() -> str | None:
    """Why PDFs cannot be written here, or None when they can."""
    return None if soffice() else f"LibreOffice (soffice) is not on PATH; {INSTALL}"


def _run(argv: list[str], *, timeout: float, what: str) -> None:
    """Run LibreOffice in its own process group; end the whole group if it runs over its time."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True) as proc:
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfProblem(what, f"LibreOffice took longer than {timeout:g} seconds and was stopped") from None
    if proc.returncode != 0:
        raise PdfProblem(what, f"LibreOffice exited with code {proc.returncode}: "
                               f"{err.decode('utf-8', 'replace').strip()[-300:]}")


def convert(documents: dict[str, bytes], *, what: str = "PDF", timeout: float = TIMEOUT_SECONDS) -> dict[str, bytes]:
    """PDFs of DOCX documents, keyed by the PDF's name ("ordinance.docx" -> "ordinance.pdf"), in one run."""
    program = soffice()
    if program is None:
        raise PdfProblem(what, f"LibreOffice (soffice) is not on PATH; {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="draftkit-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        inputs = []
        for name, data in documents.items():
            path = folder / "in" / name
            path.write_bytes(data)
            inputs.append(str(path))
        _run([program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
              "--nolockcheck", "--nodefault", "--convert-to", "pdf:writer_pdf_Export", "--outdir",
              str(folder / "out"), *inputs], timeout=timeout, what=what)
        found = {}
        for name in documents:
            pdf = folder / "out" / (Path(name).stem + ".pdf")
            if not pdf.is_file():
                raise PdfProblem(f"{what}/{name}", "LibreOffice wrote no PDF for it")
            found[pdf.name] = pdf.read_bytes()
        return found


def join(pdfs: list[bytes], *, what: str = PACKET, timeout: float = 60) -> bytes | None:
    """One PDF of several, in order (poppler's pdfunite, else pypdf); None when neither is installed."""
    unite = shutil.which("pdfunite")
    if unite:
        with tempfile.TemporaryDirectory(prefix="draftkit-pdf-") as tmp:
            parts = []
            for i, data in enumerate(pdfs):
                parts.append(Path(tmp) / f"{i}.pdf")
                parts[-1].write_bytes(data)
            out = Path(tmp) / "joined.pdf"
            _run([unite, *map(str, parts), str(out)], timeout=timeout, what=what)
            return out.read_bytes()
    try:
        from pypdf import PdfWriter
    except ImportError:
        return None
    import io

    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def packet_pdfs(files: dict[str, bytes], *, what: str = "PDF") -> tuple[dict[str, bytes], tuple[str, ...]]:
    """The PDFs of a packet's documents and packet.pdf, and notes for the user (what could not be made)."""
    documents = {docx: files[docx] for docx in SOURCES.values() if docx in files}
    pdfs = convert(documents, what=what) if documents else {}
    notes: tuple[str, ...] = ()
    order = [pdfs[name] for name in PACKET_ORDER if name in pdfs]
    if len(order) > 1:
        joined = join(order, what=f"{what}/{PACKET}")
        if joined is None:
            notes = (f"{what}: {PACKET} not written: install poppler-utils (pdfunite) or pypdf to join the PDFs",)
        else:
            pdfs[PACKET] = joined
    return pdfs, notes


def stale_pdfs(folder: Path) -> tuple[str, ...]:
    """A note when a build without --pdf leaves PDFs of an earlier build beside the new Word files."""
    old = sorted(name for name in (*SOURCES, PACKET) if (folder / name).is_file())
    if not old:
        return ()
    return (f"{folder}: {', '.join(old)} are from an earlier build and may not match the new Word files; "
            "build with --pdf to bring them up to date",)
