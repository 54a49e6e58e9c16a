"""Pytest-side wrapper around lo_uno.py: LibreOffice's reading of a DOCX, as a real client sees it.

`import uno` works only under Debian's /usr/bin/python3, so every call runs lo_uno.py there as a
subprocess with its own soffice, profile and pipe (~2 s a call; roundtrip_many() shares one soffice among
many files). Tests call `require()` first: it skips when LibreOffice is missing, but fails on CI (CI=true)
so the checks cannot silently vanish there.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("lo_uno.py")
TIMEOUT_SECONDS = 90  # lo_uno.py gives up after 60 s on its own


@functools.cache
def available() -> str | None:
    """None when LibreOffice can be driven here, else the reason it cannot."""
    if shutil.which("soffice") is None:
        return "LibreOffice is not installed (no soffice on PATH)"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"{SYSTEM_PYTHON} not found (needed for python3-uno)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        return f"{SYSTEM_PYTHON} cannot import uno (install python3-uno): {probe.stderr.strip()[-300:]}"
    return None


def require() -> None:
    """Skip the calling test when LibreOffice is unavailable; fail instead when running on CI."""
    reason = available()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"LibreOffice is required on CI: {reason}")
    pytest.skip(reason)


def _call(command: str, *args: str | Path, timeout: float = TIMEOUT_SECONDS) -> dict:
    argv = [SYSTEM_PYTHON, str(SCRIPT), command, *(str(a) for a in args)]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"lo_uno.py {command} timed out after {timeout} s: {exc.stderr}") from exc
    if done.returncode != 0:
        raise AssertionError(f"lo_uno.py {command} {' '.join(map(str, args))} failed "
                             f"(exit {done.returncode}):\n{done.stderr}")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"lo_uno.py {command}: not JSON on stdout: {done.stdout[:500]!r}\n{done.stderr}") from exc


def run(command: str, *args: str | Path) -> dict:
    """The whole JSON answer of one lo_uno.py command (paragraphs, redline_count, version, seconds...)."""
    return _call(command, *args)


def read(path: str | Path) -> list[str]:
    """Paragraph texts as LibreOffice holds them (tracked insertions and deletions both present)."""
    return _call("read", path)["paragraphs"]


def accept(path: str | Path) -> list[str]:
    """Paragraph texts after LibreOffice's Accept All Tracked Changes."""
    return _call("accept", path)["paragraphs"]


def reject(path: str | Path) -> list[str]:
    """Paragraph texts after LibreOffice's Reject All Tracked Changes."""
    return _call("reject", path)["paragraphs"]


def roundtrip(path: str | Path) -> dict:
    """{"as_is", "accepted", "rejected"} paragraph lists (plus counts and version) from one soffice start;
    "details" holds per view the "labeled" paragraphs, "tables", "footnotes" and "endnotes"."""
    return _call("roundtrip", path)


def roundtrip_many(paths: list[str | Path]) -> list[dict]:
    """roundtrip() of each file, in order, from a single soffice start (much faster than one call each)."""
    if not paths:
        return []
    answer = _call("roundtrip-batch", *paths, timeout=TIMEOUT_SECONDS + 5 * len(paths))
    return [dict(item, version=answer["version"]) for item in answer["results"]]


def read_many(paths: list[str | Path]) -> list[dict]:
    """read() of each file, in order, from a single soffice start: for each a dict with "paragraphs",
    "labeled" (list labels in front), "tables" (rows of cell texts), "footnotes" and "endnotes"."""
    if not paths:
        return []
    answer = _call("read-batch", *paths, timeout=TIMEOUT_SECONDS + 5 * len(paths))
    return [dict(item, version=answer["version"]) for item in answer["results"]]


def create(content: list[dict], outputs: list[tuple[str | Path, list[dict]]]) -> dict:
    """Build a document in LibreOffice from `content` (see lo_uno_docs.build) and save it as DOCX at each
    output path, after that output's edits (edits accumulate); return the JSON answer."""
    with tempfile.TemporaryDirectory(prefix="lo_create_") as tmp:
        spec = Path(tmp) / "spec.json"
        spec.write_text(json.dumps({"content": content, "outputs": [{"path": str(path), "edits": edits}
                                                                    for path, edits in outputs]}),
                        encoding="utf-8")
        return _call("create", spec)


def to_pdf(path: str | Path, out: str | Path) -> int:
    """Export `path` to PDF at `out` with writer_pdf_Export; return LibreOffice's page count."""
    return int(_call("pdf", path, out)["pages"])


def edit(path: str | Path, out: str | Path, edits: list[dict]) -> dict:
    """Apply `edits` through LibreOffice's text API and save `out` as DOCX; return the JSON answer."""
    with tempfile.TemporaryDirectory(prefix="lo_edit_") as tmp:
        spec = Path(tmp) / "edits.json"
        spec.write_text(json.dumps(edits), encoding="utf-8")
        return _call("edit", path, out, spec)


@functools.cache
def version() -> str:
    """LibreOffice's product name and version as its configuration gives it, e.g. "LibreOffice 7.4.7.2"."""
    return _call("version")["version"]
