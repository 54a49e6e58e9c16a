"""Files written line by line (the comparison's) are committed like every output: whole, recorded in the
manifest, never over a hand edit, and not at all when their writer fails."""
from __future__ import annotations

import hashlib
import json

import pytest

from draftkit.errors import OutputProblem
from draftkit.folderlock import LOCK
from draftkit.outputs import MANIFEST, write_streamed


def lines(*texts: str):
    def write(out) -> None:
        for text in texts:
            out.write(text)
    return write


def failing(out) -> None:
    out.write("half of a file\n")
    raise RuntimeError("the writer stopped")


def test_files_are_written_and_recorded(tmp_path):
    written = write_streamed(tmp_path, {"a.csv": lines("x,y\n", "1,2\n"), "a.json": lines("{}\n")}, owner="me")
    assert written == [tmp_path / "a.csv", tmp_path / "a.json"]
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "x,y\n1,2\n"
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["owner"] == "me"
    assert manifest["files"]["a.csv"] == hashlib.sha256(b"x,y\n1,2\n").hexdigest()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != LOCK) == \
        [MANIFEST, "a.csv", "a.json"]


def test_a_failing_writer_changes_nothing(tmp_path):
    write_streamed(tmp_path, {"a.csv": lines("old\n"), "a.json": lines("{}\n")})
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(RuntimeError):
        write_streamed(tmp_path, {"a.csv": lines("new\n"), "a.json": failing})
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_a_hand_edited_file_is_kept_unless_forced(tmp_path):
    write_streamed(tmp_path, {"a.csv": lines("old\n")})
    (tmp_path / "a.csv").write_text("edited by hand\n", encoding="utf-8")
    calls = []

    def noticed(out) -> None:
        calls.append(1)
        out.write("new\n")

    with pytest.raises(OutputProblem, match="was changed since draftkit wrote it"):
        write_streamed(tmp_path, {"a.csv": noticed})
    assert calls == [] and (tmp_path / "a.csv").read_text(encoding="utf-8") == "edited by hand\n"
    write_streamed(tmp_path, {"a.csv": noticed}, force=True)
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == "new\n"


def test_unicode_is_written_as_utf8(tmp_path):
    write_streamed(tmp_path, {"a.html": lines("Víctor → ≠\n")})
    assert (tmp_path / "a.html").read_bytes() == "Víctor → ≠\n".encode()
