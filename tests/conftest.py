"""Shared fixtures: the model, its canonical values, the sample jurisdictions and small file helpers."""
from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Verdicts on sound model folders are cached per user; the tests keep theirs apart, fresh for each run.
os.environ["DRAFTKIT_CACHE"] = tempfile.mkdtemp(prefix="draftkit-cache-")

from draftkit.jurisdiction import load_canonical, load_jurisdiction
from draftkit.model import load_model
from draftkit.models import declared

ALL_SAMPLES = sorted((ROOT / "jurisdictions").glob("*.yaml"))
# The samples of the default model (Sanctuary Contracting); a sample naming another model (`model: ccops`)
# is that model's, and its own tests take it.
SAMPLES = [p for p in ALL_SAMPLES if declared(p) is None]


@pytest.fixture(scope="session")
def model():
    return load_model()


@pytest.fixture(scope="session")
def canonical(model):
    return load_canonical(model)


@pytest.fixture(scope="session")
def samples(model):
    return {p.stem: load_jurisdiction(p, model) for p in SAMPLES}


@pytest.fixture
def richmond_text() -> str:
    return (ROOT / "jurisdictions" / "richmond.yaml").read_text(encoding="utf-8")


def replace_line(text: str, pattern: str, new: str) -> str:
    """Replace the one line matching `pattern` (a regex) with `new`; fail loudly if not exactly one."""
    lines = text.splitlines()
    hits = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    assert len(hits) == 1, f"{pattern!r} matches {len(hits)} lines"
    lines[hits[0]] = new
    return "\n".join(lines) + "\n"


def line_of(text: str, pattern: str) -> int:
    """1-based line number of the one line matching `pattern`."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if re.search(pattern, line)]
    assert len(hits) == 1, f"{pattern!r} matches {len(hits)} lines"
    return hits[0]


def pytest_report_header(config):
    """Say which real client the round-trip tests ran against (or why they cannot)."""
    from support import libreoffice

    reason = libreoffice.available()
    return f"LibreOffice: {reason}" if reason else f"LibreOffice: {libreoffice.version()}"
