"""Outputs are written whole, recorded in a manifest, and a user's edits are never overwritten."""
from __future__ import annotations

import os

import pytest

from draftkit.errors import OutputProblem
from draftkit.outputs import MANIFEST, write_files


def test_writes_files_and_manifest(tmp_path):
    written = write_files(tmp_path, "town", {"a.docx": b"one", "b.json": b"{}"})
    assert written == [tmp_path / "town/a.docx", tmp_path / "town/b.json"]
    assert (tmp_path / "town/a.docx").read_bytes() == b"one"
    assert '"a.docx"' in (tmp_path / "town" / MANIFEST).read_text()
    assert sorted(p.name for p in (tmp_path / "town").iterdir()) == [MANIFEST, "a.docx", "b.json"]


def test_rebuild_replaces_its_own_outputs(tmp_path):
    write_files(tmp_path, "town", {"a.docx": b"one"})
    write_files(tmp_path, "town", {"a.docx": b"two"})
    assert (tmp_path / "town/a.docx").read_bytes() == b"two"


def test_an_edited_output_is_kept_unless_forced(tmp_path):
    write_files(tmp_path, "town", {"a.docx": b"one", "b.json": b"{}"})
    (tmp_path / "town/a.docx").write_bytes(b"edited in Word")
    with pytest.raises(OutputProblem, match=r"a\.docx: was changed since draftkit wrote it .*--force"):
        write_files(tmp_path, "town", {"a.docx": b"two", "b.json": b"[]"})
    assert (tmp_path / "town/a.docx").read_bytes() == b"edited in Word"
    assert (tmp_path / "town/b.json").read_bytes() == b"{}", "nothing in the folder may change"
    write_files(tmp_path, "town", {"a.docx": b"two", "b.json": b"[]"}, force=True)
    assert (tmp_path / "town/a.docx").read_bytes() == b"two"


def test_a_file_draftkit_did_not_write_is_kept(tmp_path):
    (tmp_path / "town").mkdir()
    (tmp_path / "town/a.docx").write_bytes(b"someone's own file")
    with pytest.raises(OutputProblem, match="was not written by draftkit"):
        write_files(tmp_path, "town", {"a.docx": b"new"})


def test_an_interrupted_build_is_not_mistaken_for_an_edit(tmp_path):
    """A build stopped after some renames leaves new files and the old manifest: both are ours."""
    write_files(tmp_path, "town", {"a.docx": b"one", "b.json": b"{}"})
    (tmp_path / "town/a.docx").write_bytes(b"two")  # as if the next build renamed it in, then stopped
    write_files(tmp_path, "town", {"a.docx": b"two", "b.json": b"[]"})
    assert (tmp_path / "town/b.json").read_bytes() == b"[]"


def test_a_symlinked_folder_cannot_lead_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "out").mkdir()
    os.symlink(outside, tmp_path / "out/town")
    with pytest.raises(OutputProblem, match="outside the output folder"):
        write_files(tmp_path / "out", "town", {"a.docx": b"x"})
    assert list(outside.iterdir()) == []


def test_no_temporary_files_are_left(tmp_path):
    write_files(tmp_path, "town", {"a.docx": b"x" * 100_000})
    assert not [p for p in (tmp_path / "town").iterdir() if p.name.endswith(".tmp")]
