"""`draft redline --docx`: a Word file edited elsewhere (here: by LibreOffice) is aligned to the model and
redlined, and the redline round-trips like one made from YAML."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT
from support import clerk_copy, libreoffice, ooxml_reader

from draftkit.packet import build_packet

EDITS = [
    {"op": "replace", "find": "thirty (30) business days", "with": "forty-five (45) business days"},
    {"op": "replace", "find": "shall not enter into", "with": "must not enter into"},
    {"op": "delete_paragraph", "contains": "This section does not authorize an award of money damages"},
]


def draft(*args):
    return subprocess.run([sys.executable, str(ROOT / "draft.py"), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def edited(model, canonical, samples, tmp_path_factory):
    """Oakland's generated ordinance, edited and saved as DOCX by LibreOffice."""
    libreoffice.require()
    folder = tmp_path_factory.mktemp("edited")
    files = build_packet(samples["oakland"], model, canonical).files
    (folder / "ordinance.docx").write_bytes(files["ordinance.docx"])
    (folder / "baseline.docx").write_bytes(files["baseline.docx"])
    libreoffice.edit(folder / "ordinance.docx", folder / "edited.docx", EDITS)
    return folder


def test_redline_of_a_word_file_edited_in_libreoffice_round_trips(edited):
    result = draft("redline", "--docx", edited / "edited.docx", "--jurisdiction",
                   ROOT / "jurisdictions/oakland.yaml", "--out", edited / "out")
    assert result.returncode == 0, result.stderr
    redline = edited / "out/oakland/redline.docx"
    assert ooxml_reader.validate_revisions(redline) == []
    edited_text = ooxml_reader.as_is(edited / "edited.docx")
    baseline_text = ooxml_reader.as_is(edited / "baseline.docx")
    assert ooxml_reader.accepted(redline) == edited_text
    assert ooxml_reader.rejected(redline) == baseline_text
    seen = libreoffice.roundtrip(redline)
    assert seen["accepted"] == libreoffice.read(edited / "edited.docx")
    assert seen["rejected"] == libreoffice.read(edited / "baseline.docx")
    changes = json.loads((edited / "out/oakland/changes.json").read_text())
    by_provision = {c["provision"]: c for c in changes["changed_sections"]}
    assert "forty-five (45)" in by_provision["appeal"]["new_text"]
    assert "money damages" in by_provision["enforcement"]["old_text"]
    assert "money damages" not in by_provision["enforcement"]["new_text"]


def test_word_file_without_bookmarks_is_aligned_by_content(edited, tmp_path):
    """Against the bracketed model, with no jurisdiction: sections found by their headings and text."""
    result = draft("redline", "--docx", edited / "edited.docx", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    changes = json.loads((tmp_path / "edited/changes.json").read_text())
    assert changes["against"] == "canonical"
    kinds = {c["provision"]: c["kind"] for c in changes["changed_sections"]}
    assert kinds["investments"] == "dropped" and kinds["appeal"] == "modified"
    assert not any(k.startswith("added") for k in kinds), kinds


def test_tracked_changes_in_the_input_are_taken_as_accepted(edited, tmp_path):
    tracked = tmp_path / "tracked.docx"
    libreoffice.edit(edited / "ordinance.docx", tracked,
                     [{"op": "record_changes", "on": True},
                      {"op": "replace", "find": "shall not enter into", "with": "may not enter into"}])
    result = draft("redline", "--docx", tracked, "--jurisdiction", ROOT / "jurisdictions/oakland.yaml",
                   "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    changes = json.loads((tmp_path / "out/oakland/changes.json").read_text())
    assert any("taken as accepted" in note for note in changes["notes"])
    html = (tmp_path / "out/oakland/redline.html").read_text()
    assert "taken as accepted" in html
    redline = tmp_path / "out/oakland/redline.docx"
    assert ooxml_reader.accepted(redline) == ooxml_reader.accepted(tracked)


def test_a_clerks_copy_with_automatic_numbering_reads_as_the_typed_labels(edited, tmp_path):
    """Oakland's ordinance with its "(a)" / "(1)" labels made Word's automatic numbering gives the same
    change list as the ordinance itself, and its redline still round-trips both ways."""
    clerk, changed = clerk_copy.automatic_labels((edited / "ordinance.docx").read_bytes())
    assert changed > 10
    (tmp_path / "clerk.docx").write_bytes(clerk)
    outputs = {}
    for name in ("ordinance", "clerk"):
        source = edited / "ordinance.docx" if name == "ordinance" else tmp_path / "clerk.docx"
        result = draft("redline", "--docx", source, "--jurisdiction", ROOT / "jurisdictions/oakland.yaml",
                       "--out", tmp_path / name)
        assert result.returncode == 0, result.stderr
        outputs[name] = json.loads((tmp_path / name / "oakland/changes.json").read_text())
    assert outputs["clerk"]["changed_sections"] == outputs["ordinance"]["changed_sections"]
    assert outputs["clerk"]["retained_words"] == outputs["ordinance"]["retained_words"]
    redline = tmp_path / "clerk/oakland/redline.docx"
    assert ooxml_reader.accepted(redline) == ooxml_reader.as_is(tmp_path / "clerk.docx")
    assert ooxml_reader.rejected(redline) == ooxml_reader.as_is(edited / "baseline.docx")
    seen = libreoffice.roundtrip(redline)
    assert seen["accepted"] == libreoffice.read(tmp_path / "clerk.docx")
    assert seen["rejected"] == libreoffice.read(edited / "baseline.docx")
