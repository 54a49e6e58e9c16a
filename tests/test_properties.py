"""Property-based tests (issue 5, item 7).

A: every generated valid jurisdiction (awkward names, random policy choices, optional provisions on and
   off, amendments) validates and builds a packet whose DOCX parts are well-formed XML and whose redline
   round-trips by the independent OOXML reader: accept all = the draft, reject all = the baseline.
B: every generated invalid file (a valid one broken in one way) fails with InvalidInput, never another
   exception, and each problem names the file and, unless it is about the whole file, a line in it.

The default counts keep CI fast. Run the large count outside CI with
    HYPOTHESIS_PROFILE=large pytest tests/test_properties.py --hypothesis-show-statistics
"""
from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from lxml import etree
from strategies import MODEL, Broken, Case, invalid_files, valid_jurisdictions
from support.ooxml_reader import accepted, as_is, rejected, validate_revisions

from draftkit.errors import InvalidInput
from draftkit.jurisdiction import load_canonical, load_jurisdiction
from draftkit.packet import build_packet

DOCX = ("ordinance.docx", "staff_report.docx", "baseline.docx", "redline.docx")
LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")  # every break a YAML reader or an editor counts
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
settings.register_profile("large", deadline=None, print_blob=True)
CANONICAL = load_canonical(MODEL)  # module-level, not fixtures: a falsifying example prints only the file


def examples(default: int, large: int) -> settings:
    """Settings of the selected profile with this property's count.

    The default run is derandomized (the same examples every time), so the suite is repeatable and CI
    cannot fail on a draw; the large profile explores anew on each run.
    """
    return settings(settings.get_profile(PROFILE), max_examples=large if PROFILE == "large" else default,
                    deadline=None, derandomize=PROFILE != "large",
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


def strict_parser() -> etree.XMLParser:
    return etree.XMLParser(recover=False, resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def assert_well_formed(name: str, data: bytes) -> None:
    """Every XML part of the package parses strictly, without a DTD."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]
        assert "word/document.xml" in parts, name
        for part in parts:
            root = etree.fromstring(archive.read(part), strict_parser())
            assert root.getroottree().docinfo.doctype == "", f"{name}/{part} has a DTD"


def without_nulls(data: dict) -> dict:
    """The fields that have a value (a null field and an absent one mean the same)."""
    return {k: without_nulls(v) if isinstance(v, dict) else v for k, v in data.items() if v is not None}


@examples(default=25, large=2_000)
@given(case=valid_jurisdictions())
def test_valid_jurisdiction_builds_a_packet_whose_redline_round_trips(case: Case, workdir):
    path = workdir / f"{case.slug}.yaml"
    path.write_text(case.text, encoding="utf-8")
    j = load_jurisdiction(path, MODEL)
    assert without_nulls(j.data) == without_nulls(case.data)
    packet = build_packet(j, MODEL, CANONICAL)
    files = {}
    for name in DOCX:
        assert_well_formed(name, packet.files[name])
        files[name] = workdir / name
        files[name].write_bytes(packet.files[name])
    assert validate_revisions(files["redline.docx"]) == []
    draft = as_is(files["ordinance.docx"])
    assert accepted(files["redline.docx"]) == draft
    assert rejected(files["redline.docx"]) == as_is(files["baseline.docx"])
    assert any(case.data["jurisdiction"]["full_name"] in p for p in draft)
    json.loads(packet.files["changes.json"])
    assert "<script" not in packet.files["redline.html"].decode("utf-8").lower()


def line_count(raw: bytes) -> int:
    """Lines in the file, counting every break a reader might (PyYAML also breaks at U+2028)."""
    text = raw.decode("utf-8", errors="replace")
    return 1 + max(text.count("\n"), len(LINE_BREAK.findall(text)))


@examples(default=200, large=20_000)
@given(broken=invalid_files())
def test_invalid_file_gives_problems_located_in_the_file(broken: Broken, workdir):
    event(broken.mutation)
    path = workdir / "broken.yaml"
    path.write_bytes(broken.raw)
    with pytest.raises(InvalidInput) as caught:
        load_jurisdiction(path, MODEL)
    assert caught.value.problems
    for problem in caught.value.problems:
        shown = str(problem)
        assert shown.startswith(f"{path}:") and "\n" not in shown, shown
        if problem.line is None:  # a problem with the whole file: not text, or not UTF-8 text
            assert broken.mutation == "insert_bytes" and not problem.field, shown
        else:
            assert 1 <= problem.line <= line_count(broken.raw), shown
