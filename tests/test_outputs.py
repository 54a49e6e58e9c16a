"""Outputs are written whole, recorded in a manifest, and a user's edits are never overwritten."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from draftkit import outputs
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


OLD = {"ordinance.docx": b"old ordinance", "changes.json": b'{"old": true}'}
NEW = {"ordinance.docx": b"new ordinance", "changes.json": b'{"new": true}', "redline.html": b"<p>new</p>"}


@pytest.fixture
def folder(tmp_path) -> Path:
    write_files(tmp_path / "out", "town", OLD, owner="town.yaml")
    return tmp_path / "out" / "town"


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_stray_temporary_files_are_removed_and_old_ones_too(folder):
    (folder / ".ordinance.docx.0123abcd.draftkit-tmp").write_bytes(b"half")
    (folder / ".changes.json.k2_x9ab7.tmp").write_bytes(b"left by an earlier version")
    (folder / ".someone.else.tmp").write_bytes(b"not ours")
    write_files(folder.parent, "town", NEW, owner="town.yaml")
    assert sorted(p.name for p in folder.iterdir()) == sorted([MANIFEST, ".someone.else.tmp", *NEW])


def test_a_second_writer_waits_then_refuses(folder, monkeypatch):
    from draftkit.folderlock import FolderLock

    with FolderLock(folder):
        with pytest.raises(OutputProblem, match=rf"another draft command \(process {os.getpid()}\) is writing this "
                                                r"folder; waited 0.2 s"):
            with FolderLock(folder, wait=0.2):
                pass
    with FolderLock(folder, wait=0.2):
        pass  # free again
    assert not (folder / ".draftkit-lock").exists()


def test_files_and_folders_get_the_users_umask(tmp_path):
    for mask, file_mode, folder_mode in ((0o022, 0o644, 0o755), (0o077, 0o600, 0o700), (0o002, 0o664, 0o775)):
        old = os.umask(mask)
        try:
            write_files(tmp_path / f"out{mask}", "town", NEW)
        finally:
            os.umask(old)
        folder = tmp_path / f"out{mask}" / "town"
        assert folder.stat().st_mode & 0o777 == folder_mode
        assert {p.stat().st_mode & 0o777 for p in folder.iterdir()} == {file_mode}


def test_a_folder_another_input_owns_is_not_written(folder):
    with pytest.raises(OutputProblem, match=r"town: holds the outputs of town.yaml, not of other.yaml, so nothing "
                                            r"in it was changed. Write to another folder \(--out\), or pass --force"):
        write_files(folder.parent, "town", NEW, owner="other.yaml")
    assert _state(folder)["ordinance.docx"] == OLD["ordinance.docx"]
    write_files(folder.parent, "town", NEW, owner="other.yaml", force=True)
    assert json.loads((folder / MANIFEST).read_text())["owner"] == "other.yaml"


@pytest.mark.parametrize("manifest, why", [
    (b"[" * 100_000 + b"]" * 100_000, "is not valid JSON"),
    (b'{"files": ["a"]}', "does not have the form of a draftkit manifest"),
    (b"\xff\xfe", "is not valid JSON"),
    (b" " * (outputs.MAX_MANIFEST + 1), "is larger than 1,000,000 bytes")])
def test_a_manifest_that_is_not_ours_is_refused(folder, manifest, why):
    (folder / MANIFEST).write_bytes(manifest)
    with pytest.raises(OutputProblem, match=f"{MANIFEST}: {why}; it is not a manifest draftkit wrote"):
        write_files(folder.parent, "town", NEW)
    assert _state(folder)["ordinance.docx"] == OLD["ordinance.docx"]


@pytest.mark.parametrize("special", ["fifo", "zero"])
def test_a_manifest_that_is_not_a_file_is_refused_without_blocking(folder, special):
    (folder / MANIFEST).unlink()
    if special == "fifo":
        os.mkfifo(folder / MANIFEST)
    else:
        os.symlink("/dev/zero", folder / MANIFEST)
    with pytest.raises(OutputProblem, match="cannot be read \\(it is a (named pipe|device)"):
        write_files(folder.parent, "town", NEW)


def test_an_output_name_taken_by_a_folder_is_refused(folder):
    (folder / "redline.html").mkdir()
    with pytest.raises(OutputProblem, match="redline.html: is a folder, not a file, where draftkit writes a file of "
                                            "that name; nothing in town/ was changed"):
        write_files(folder.parent, "town", NEW)
    assert _state(folder)["ordinance.docx"] == OLD["ordinance.docx"]
