"""Faults and interrupts (issue 13, item 3): an I/O error or a kill at every write of a build leaves each
output folder all-old or all-new, with a manifest that matches it; an interrupted write is finished (or
undone) by the next command, never taken for a hand edit."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from draftkit import batch, outputs
from draftkit.errors import DraftError, OutputProblem
from draftkit.outputs import JOURNAL, MANIFEST, recover, write_files

WRITES = ("open", "write", "fsync", "replace", "rename", "unlink", "mkdir", "rmdir", "ftruncate")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT
OLD = {"ordinance.docx": b"old ordinance", "changes.json": b'{"old": true}'}
NEW = {"ordinance.docx": b"new ordinance", "changes.json": b'{"new": true}', "redline.html": b"<p>new</p>"}


class Killed(BaseException):
    """The process died: nothing after this reaches the disk."""


class Faults:
    """Wraps the os functions that change the disk: counts the writes, and fails (or dies at) number `at`."""

    def __init__(self, monkeypatch, *, at: int | None = None, kill: bool = False, code: int = errno.EIO):
        self.count, self.at, self.kill, self.code, self.dead, self.fds = 0, at, kill, code, False, []
        self.real = {name: getattr(os, name) for name in WRITES + ("close",)}
        for name in WRITES:
            monkeypatch.setattr(os, name, self._wrapped(name))
        monkeypatch.setattr(os, "close", self._close)

    def _close(self, fd: int) -> None:
        if self.dead:
            raise Killed()  # its files were closed when it died
        if fd in self.fds:
            self.fds.remove(fd)
        return self.real["close"](fd)

    def _wrapped(self, name: str):
        def call(*args, **kwargs):
            writes = name != "open" or (len(args) > 1 and args[1] & WRITE_FLAGS)
            if self.dead:
                raise Killed()
            if writes:
                self.count += 1
                if self.count == self.at:
                    if self.kill:
                        self._die()
                    raise OSError(self.code, os.strerror(self.code), str(args[0]) if name != "write" else None)
            result = self.real[name](*args, **kwargs)
            if name == "open":
                self.fds.append(result)
            return result
        return call

    def _die(self) -> None:
        """What the system does for a killed process: its files are closed (so its locks are released)."""
        self.dead = True
        for fd in list(self.fds):
            self.real["close"](fd)
        self.fds.clear()
        raise Killed()


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def assert_all_old_or_all_new(folder: Path, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """The folder holds exactly the old files or exactly the new ones, and its manifest records those."""
    state = _state(folder)
    state.pop(".draftkit-lock", None)  # a lock file left behind holds no lock; the next writer removes it
    manifest = json.loads(state.pop(MANIFEST))["files"] if MANIFEST in state else {}
    assert not [n for n in state if n.endswith(outputs.TEMP_SUFFIX) or n == JOURNAL], state
    assert state in (old, {**old, **new}), sorted(state)
    assert manifest == {n: hashlib.sha256(d).hexdigest() for n, d in state.items()}
    return "new" if state == {**old, **new} else "old"


@pytest.fixture
def folder(tmp_path) -> Path:
    write_files(tmp_path / "out", "town", OLD, owner="town.yaml")
    return tmp_path / "out" / "town"


def _writes(monkeypatch, folder: Path) -> int:
    """How many writes a successful write of NEW makes (on a copy of the folder)."""
    copy = folder.parent.parent / "copy"
    copy.mkdir()
    (copy / "town").mkdir()
    for name, data in _state(folder).items():
        (copy / "town" / name).write_bytes(data)
    with monkeypatch.context() as patch:
        faults = Faults(patch)
        write_files(copy, "town", NEW, owner="town.yaml")
    return faults.count


def _reset(folder: Path, old: dict[str, bytes]) -> None:
    for path in folder.iterdir():
        path.unlink()
    write_files(folder.parent, folder.name, old, owner="town.yaml")


@pytest.mark.parametrize("code", [errno.EIO, errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EACCES])
def test_an_io_error_at_every_write_leaves_the_folder_all_old_or_all_new(monkeypatch, folder, code):
    total = _writes(monkeypatch, folder)
    assert total >= 15
    seen = set()
    for at in range(1, total + 1):
        _reset(folder, OLD)
        with monkeypatch.context() as patch:
            Faults(patch, at=at, code=code)
            try:
                write_files(folder.parent, "town", NEW, owner="town.yaml")
            except OutputProblem as exc:
                assert str(exc).count("\n") == 0 and os.strerror(code) in str(exc)
                assert "nothing in town/ was changed" in str(exc) or "every new file is in place" in str(exc)
        seen.add(assert_all_old_or_all_new(folder, OLD, NEW))
    assert seen == {"old", "new"}


def test_a_kill_at_every_write_is_finished_or_undone_by_the_next_command(monkeypatch, folder):
    total = _writes(monkeypatch, folder)
    seen = set()
    for at in range(1, total + 1):
        _reset(folder, OLD)
        with monkeypatch.context() as patch:
            Faults(patch, at=at, kill=True)
            with pytest.raises(Killed):
                write_files(folder.parent, "town", NEW, owner="town.yaml")
        recover(folder)  # what the next command does first
        seen.add(assert_all_old_or_all_new(folder, OLD, NEW))
        write_files(folder.parent, "town", NEW, owner="town.yaml")  # ours, not a hand edit
        assert assert_all_old_or_all_new(folder, OLD, NEW) == "new"
    assert seen == {"old", "new"}


def test_a_build_with_a_fault_at_every_write(monkeypatch, tmp_path, model, samples, canonical):
    """draft build of one jurisdiction (its seven files, its folder created) through batch.build_many."""
    from draftkit.packet import build_packet

    packet = build_packet(samples["oakland"], model, canonical)
    monkeypatch.setattr(batch, "build_packet", lambda *args, **kwargs: packet)  # built once: the writes are tested
    monkeypatch.setattr(batch, "_loaded", lambda *args, **kwargs: [(samples["oakland"], str(model.folder))])
    monkeypatch.setattr(batch, "_model", lambda folder: (model, canonical))
    source = ROOT / "jurisdictions" / "oakland.yaml"
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        faults = Faults(patch)
        batch.build_many([source], out, model, jobs=1)
    total, new = faults.count, packet.files
    for kill in (False, True):
        for at in range(1, total + 1):
            for path in sorted(out.rglob("*"), reverse=True):
                path.rmdir() if path.is_dir() else path.unlink()
            with monkeypatch.context() as patch:
                Faults(patch, at=at, kill=kill)
                try:
                    outcomes = batch.build_many([source], out, model, jobs=1)
                except (Killed, DraftError):
                    outcomes = []
            assert all(o.error is None or o.error.count("\n") == 0 for o in outcomes)
            if (out / "oakland").is_dir():
                recover(out / "oakland")
                assert_all_old_or_all_new(out / "oakland", {}, new)


def draft(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "draft.py"), *map(str, args)], capture_output=True, text=True,
                          timeout=300, **kwargs)


@pytest.mark.parametrize("out", ["a_file", "a_loop", "/dev/full"])
def test_an_out_that_cannot_be_a_folder_gives_one_line(tmp_path, out):
    (tmp_path / "a_file").write_text("x")
    os.symlink("a_loop", tmp_path / "a_loop")
    result = draft("build", ROOT / "jurisdictions", "--out", out, cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [f"{out}: is not a folder (a file, a device or a broken link is there); "
                                          "choose another --out folder or move it away"]


def test_a_full_disk_gives_one_line_and_changes_nothing(tmp_path):
    import resource

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = draft("build", ROOT / "jurisdictions/oakland.yaml", "--out", tmp_path / "out", preexec_fn=small_files)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{tmp_path}/out/oakland/") and first.endswith(": cannot write: File too large; nothing "
                                                                           "in oakland/ was changed")
    assert not (tmp_path / "out" / "oakland").exists()


KILLER = """
import os, signal, sys
sys.path.insert(0, {root!r})
count, at = 0, int(sys.argv[1])
def wrap(name):
    real = getattr(os, name)
    def call(*args, **kwargs):
        global count
        if name != "open" or (len(args) > 1 and args[1] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)):
            count += 1
            if count == at:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
for name in {writes!r}:
    setattr(os, name, wrap(name))
from draftkit.cli import main
code = main(sys.argv[2:])
print("writes:", count)
sys.exit(code)
"""


def test_a_real_kill_leaves_a_folder_the_next_build_finishes(tmp_path):
    """The same as above with the process really killed (SIGKILL) at some of its writes: the system, not the
    test, releases the lock; the next `draft build` finishes or redoes the write and takes the files as ours."""
    script = tmp_path / "killer.py"
    script.write_text(KILLER.format(root=str(ROOT), writes=WRITES))
    source, out = ROOT / "jurisdictions" / "berkeley.yaml", tmp_path / "out"

    def build(at: int) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(script), str(at), "build", str(source), "--out", str(out)],
                              capture_output=True, text=True, timeout=300)

    build(0)
    total = int(build(0).stdout.split("writes:")[1])  # a rebuild's writes (the folders are there)
    new = _state(out / "berkeley")
    new.pop(MANIFEST)
    for at in sorted({1, total // 4, total // 2, total - 3, total - 1, total}):
        killed = build(at)
        assert killed.returncode == -9, killed.stderr
        again = draft("build", source, "--out", out)
        assert again.returncode == 0, again.stderr
        assert assert_all_old_or_all_new(out / "berkeley", new, new) == "new"


def test_compare_keeps_an_edited_comparison_and_a_good_one_when_nothing_compares(tmp_path):
    out, richmond = tmp_path / "out", ROOT / "jurisdictions" / "richmond.yaml"
    assert draft("compare", richmond, "--out", out).returncode == 0
    good = (out / "comparison.html").read_bytes()
    (tmp_path / "broken.yaml").write_text("jurisdiction: [\n")
    broken = draft("compare", tmp_path / "broken.yaml", "--out", out)
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert broken.stderr.splitlines()[-1] == (f"1 input(s) could not be compared; nothing was compared, so the "
                                              f"comparison in {out} was left as it was")
    assert (out / "comparison.html").read_bytes() == good
    with (out / "comparison.csv").open("a") as edited:
        edited.write("my note\n")
    refused = draft("compare", richmond, "--out", out)
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [f"{out}/comparison.csv: was changed since draftkit wrote it (edited by hand "
                                           "or in Word?), so it was not overwritten and nothing in out/ was changed. "
                                           "To keep it, move or rename it and run the command again; to replace it, "
                                           "run it again with --force"]
    assert (out / "comparison.csv").read_text().endswith("my note\n")
    assert draft("compare", richmond, "--out", out, "--force").returncode == 0
    assert not (out / "comparison.csv").read_text().endswith("my note\n")


def test_the_redline_of_a_word_file_does_not_replace_what_build_wrote(tmp_path):
    out, oakland = tmp_path / "out", ROOT / "jurisdictions" / "oakland.yaml"
    assert draft("build", oakland, "--out", out).returncode == 0
    before = _state(out / "oakland")
    (tmp_path / "adopted.docx").write_bytes(before["ordinance.docx"])
    result = draft("redline", "--docx", tmp_path / "adopted.docx", "--jurisdiction", oakland, "--out", out)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{out}/oakland: holds the outputs of {oakland}, not of "
                                          f"{tmp_path}/adopted.docx, so nothing in it was changed. Write to another "
                                          "folder (--out), or pass --force to replace them"]
    assert _state(out / "oakland") == before
    elsewhere = draft("redline", "--docx", tmp_path / "adopted.docx", "--jurisdiction", oakland, "--out",
                      tmp_path / "adopted")
    assert elsewhere.returncode == 0, elsewhere.stderr


def test_a_file_name_that_is_not_utf8_is_compared_with_the_others(tmp_path):
    from support.hostile_docx import real_docx

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "richmond.yaml").write_bytes((ROOT / "jurisdictions" / "richmond.yaml").read_bytes())
    (Path(os.fsdecode(os.fsencode(inputs) + b"/adopt\xe9.docx"))).write_bytes(real_docx())
    result = draft("compare", inputs, "--out", tmp_path / "out")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    names = [c["name"] for c in json.loads((tmp_path / "out" / "comparison.json").read_text())["jurisdictions"]]
    assert names == ["adopt\ufffd", "Richmond"]


def test_two_builds_of_different_inputs_into_one_folder(tmp_path):
    """Started together: one writes the folder, whole; the other waits for it, then refuses to replace another
    input's outputs. The folder holds one input's files and a manifest naming that input."""
    text = (ROOT / "jurisdictions" / "richmond.yaml").read_text(encoding="utf-8")
    sources = []
    for name, cure in (("a", "90"), ("b", "60")):
        (tmp_path / name).mkdir()
        sources.append(tmp_path / name / "richmond.yaml")
        sources[-1].write_text(text.replace("cure_days: 90", f"cure_days: {cure}"), encoding="utf-8")
    out = tmp_path / "out"
    runs = [subprocess.Popen([sys.executable, str(ROOT / "draft.py"), "build", str(s), "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for s in sources]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert sorted(code for code, _ in results) == [0, 1], results
    winner = sources[[code for code, _ in results].index(0)]
    loser = sources[[code for code, _ in results].index(1)]
    assert [err for code, err in results if code][0].splitlines()[0] == (
        f"{out}/richmond: holds the outputs of {winner}, not of {loser}, so nothing in it was changed. Write to "
        "another folder (--out), or pass --force to replace them")
    manifest = json.loads((out / "richmond" / MANIFEST).read_text())
    assert manifest["owner"] == str(winner)
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / "richmond" / name).read_bytes()).hexdigest() == digest
