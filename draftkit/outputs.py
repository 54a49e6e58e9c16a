"""Write outputs so that no user's work is lost and no output folder is ever left half-updated.

A folder is written as one transaction, as a database writes through its journal:
1. under the folder's lock (folderlock), a write that was interrupted earlier is finished and stray
   temporary files are removed (`recover`);
2. nothing is written if a file to be replaced was changed since draftkit wrote it (edited in Word), is not
   a regular file, or if the folder holds the outputs of another input (each manifest names its owner);
3. each new file, and the new manifest, is written to a temporary file in the folder and flushed to disk;
4. the journal (JOURNAL), naming each temporary file and the name it takes, is written and flushed: the
   commit point;
5. each temporary file is renamed over its name, and the journal is removed.
A fault before the commit point leaves the folder as it was: the temporary files are removed at once, or
after a kill by the next command that writes there. A fault after it is finished at once or, after a kill,
by that next command: the folder then holds every new file. Files and folders get the user's umask.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .errors import OutputProblem
from .files import Unreadable, not_regular, read_limited
from .folderlock import LOCK, FolderLock

MANIFEST = ".draftkit-manifest.json"
JOURNAL = ".draftkit-journal.json"
TEMP_SUFFIX = ".draftkit-tmp"
TEMP = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{8}\.draftkit-tmp$")
OLD_TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")  # what earlier versions left (mkstemp)
MAX_MANIFEST = 1_000_000  # bytes; a manifest lists a few files
BINARY = getattr(os, "O_BINARY", 0)


def owner_of(path: Path) -> str:
    """How a manifest names the input whose outputs a folder holds: its full path."""
    return os.path.realpath(path)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Manifest:
    """What draftkit last wrote in a folder: each file's SHA-256, and the input whose outputs they are."""

    files: dict[str, str] = field(default_factory=dict)
    owner: str | None = None

    def encode(self) -> bytes:
        data = {"written_by": "draftkit", "owner": self.owner, "files": dict(sorted(self.files.items()))}
        return (json.dumps(data, indent=2) + "\n").encode("ascii")  # a name that is not UTF-8 escaped, kept


def _not_ours(path: Path, why: str) -> OutputProblem:
    return OutputProblem(path, f"{why}; it is not a manifest draftkit wrote, so nothing in {path.parent.name}/ "
                               "was changed. Remove it (and check the files beside it), or build again with --force")


def read_manifest(folder: Path) -> Manifest:
    """The folder's manifest (empty if it has none); OutputProblem if it is there but not one draftkit wrote."""
    path = folder / MANIFEST
    if not os.path.lexists(path):
        return Manifest()
    try:
        raw = read_limited(path, MAX_MANIFEST)  # never a FIFO, a device or an endless file
    except Unreadable as exc:
        raise _not_ours(path, f"cannot be read ({exc.reason})") from None
    if len(raw) > MAX_MANIFEST:
        raise _not_ours(path, f"is larger than {MAX_MANIFEST:,} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # RecursionError: nested too deep to be one
        raise _not_ours(path, "is not valid JSON") from None
    files = data.get("files") if isinstance(data, dict) else None
    owner = data.get("owner") if isinstance(data, dict) else None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()) or \
            not isinstance(owner, (str, type(None))):
        raise _not_ours(path, "does not have the form of a draftkit manifest")
    return Manifest(dict(files), owner)


def _on_disk(path: Path) -> str | None:
    """The SHA-256 of a regular file (not followed through a link), or None if there is none at `path`."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    why = "it is a link" if os.path.islink(path) else not_regular(mode)
    if why:
        raise OutputProblem(path, f"{why.replace('it is', 'is')}, where draftkit writes a file of that name; nothing "
                                  f"in {path.parent.name}/ was changed. Move it away and build again")
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_unchanged(folder: Path, files: dict[str, bytes], recorded: Manifest, *, force: bool = False) -> None:
    """Refuse if a file the packet would replace was changed since draftkit wrote it, or is not a file."""
    _check_hashes(folder, {name: sha256(data) for name, data in files.items()}, recorded, force=force)


def _check_hashes(folder: Path, new: dict[str, str], recorded: Manifest, *, force: bool = False) -> None:
    """check_unchanged for files known by the SHA-256 of their new contents."""
    for name, digest in new.items():
        path = folder / name
        if force and not os.path.isdir(path):
            continue
        on_disk = _on_disk(path)
        if on_disk is not None and on_disk not in (recorded.files.get(name), digest):
            why = ("was changed since draftkit wrote it" if name in recorded.files
                   else "was not written by draftkit")
            raise OutputProblem(path, f"{why} (edited by hand or in Word?), so it was not overwritten and nothing in "
                                      f"{folder.name}/ was changed. To keep it, move or rename it and run the "
                                      "command again; to replace it, run it again with --force")


def _check_owner(folder: Path, recorded: Manifest, owner: str | None, force: bool) -> None:
    if force or owner is None or recorded.owner in (None, owner):
        return
    raise OutputProblem(folder, f"holds the outputs of {recorded.owner}, not of {owner}, so nothing in it was "
                                "changed. Write to another folder (--out), or pass --force to replace them")


# --- the transaction -------------------------------------------------------------------------------------


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries (renames) to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # a system that cannot open a folder (Windows) flushes renames itself
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (22, 9):  # EINVAL, EBADF: folders cannot be flushed here
            raise
    finally:
        os.close(fd)


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` (it must not exist) with `data`, flushed to disk; mode 0666 less the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except OSError as exc:
        exc.filename = exc.filename or str(path)  # a failed write names no file by itself
        raise
    finally:
        os.close(fd)


def _temp_name(name: str) -> str:
    return f".{name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            os.unlink(path)
        except OSError:
            pass  # removed by the next command's recovery


def _read_journal(folder: Path) -> list[tuple[str, str]]:
    path = folder / JOURNAL
    try:
        data = json.loads(read_limited(path, MAX_MANIFEST).decode("utf-8"))
        renames = [(str(temp), str(name)) for temp, name in data["renames"]]
    except (Unreadable, ValueError, RecursionError, KeyError, TypeError) as exc:
        raise OutputProblem(path, f"is not a journal draftkit wrote ({exc}); nothing in {folder.name}/ was changed. "
                                  "Remove it and build again") from None
    if any("/" in n or "\\" in n or not TEMP.match(t) for t, n in renames):
        raise OutputProblem(path, "names files outside its folder; it is not a journal draftkit wrote. Remove it")
    return renames


def _roll_forward(folder: Path) -> None:
    """Finish a committed write: rename each temporary file the journal names, then remove the journal."""
    if not os.path.lexists(folder / JOURNAL):
        return
    for temp, name in _read_journal(folder):
        if os.path.lexists(folder / temp):
            os.replace(folder / temp, folder / name)
    _sync_folder(folder)
    os.unlink(folder / JOURNAL)
    _sync_folder(folder)


def _strays(folder: Path) -> list[Path]:
    """Temporary files of an interrupted write (ours, or those of earlier versions beside their outputs)."""
    names = set(os.listdir(folder))
    old = {m["name"] for n in names if (m := OLD_TEMP.match(n))} & (names | {MANIFEST})
    return [folder / n for n in sorted(names) if TEMP.match(n) or ((m := OLD_TEMP.match(n)) and m["name"] in old)]


def _recover(folder: Path) -> None:
    """Under the lock: finish a committed write, then remove stray temporary files."""
    try:
        _roll_forward(folder)
        for stray in _strays(folder):
            os.unlink(stray)
    except OSError as exc:
        raise OutputProblem(Path(exc.filename or folder), f"cannot finish an interrupted write: {exc.strerror}; "
                                                          f"nothing else in {folder.name}/ was changed") from None


def recover(folder: Path) -> None:
    """Finish an interrupted write in `folder` and remove its stray temporary files (what every write does
    first); nothing happens to a folder that has no journal and no temporary files."""
    folder = Path(folder)
    if folder.is_dir() and (os.path.lexists(folder / JOURNAL) or _strays(folder)):
        with FolderLock(folder):
            _recover(folder)


class _AfterCommit(Exception):
    """A fault after the commit point, twice: the journal stays for the next command to finish."""

    def __init__(self, error: OSError):
        super().__init__(error)
        self.error = error


def _commit(folder: Path, files: dict[str, bytes], staged: list[Path] | None = None) -> None:
    """Steps 3 to 5: the temporary files, the journal (the commit point), the renames. `staged` are temporary
    files already written and flushed (named by _temp_name after the file they become), committed too."""
    staged = list(staged or [])
    renames = [(p.name, TEMP.match(p.name)["name"]) for p in staged]
    try:
        for name, data in files.items():
            staged.append(folder / _temp_name(name))
            _write_new(staged[-1], data)
            renames.append((staged[-1].name, name))
        staged.append(folder / _temp_name(JOURNAL))
        _write_new(staged[-1], json.dumps({"written_by": "draftkit", "renames": renames}).encode("utf-8"))
        os.replace(staged[-1], folder / JOURNAL)
        staged[-1] = folder / JOURNAL
        _sync_folder(folder)  # the journal on disk before any rename: the commit point
    except BaseException:
        _remove(staged)
        raise
    try:
        _roll_forward(folder)
    except BaseException as first:
        try:
            _roll_forward(folder)  # once more: a passing fault or an interrupt does not leave it for later
        except OSError as again:
            raise _AfterCommit(again) from None
        if not isinstance(first, OSError):
            raise


def _after_commit(exc: OSError, folder: Path, files: dict[str, bytes]) -> OutputProblem:
    if _all_in_place(folder, files):
        return OutputProblem(folder, f"cannot remove {JOURNAL} ({exc.strerror}); every new file is in place, "
                                     "and the next draft command removes it")
    return OutputProblem(folder, f"cannot finish writing: {exc.strerror}; the new files are recorded in {JOURNAL} "
                                 "and the next draft command that writes here puts the rest in place")


def _before_commit(exc: OSError, folder: Path) -> OutputProblem:
    """The fault named at the file it was for (a temporary file's name says which)."""
    where = Path(exc.filename) if exc.filename else folder
    if (temp := TEMP.match(where.name)) and temp["name"] != JOURNAL:
        where = where.parent / temp["name"]
    elif temp or where.name == JOURNAL:
        where = folder
    return OutputProblem(where, f"cannot write: {exc.strerror}; nothing in {folder.name}/ was changed")


def _folder(folder: Path, root: Path) -> None:
    """Create `folder` (and `root`) if missing, with the user's umask; refuse a file where a folder goes."""
    for path in (root, folder):
        if os.path.isdir(path):
            continue
        if os.path.lexists(path):
            raise OutputProblem(path, "is not a folder (a file, a device or a broken link is there); choose "
                                      "another --out folder or move it away")
        try:
            os.makedirs(path, exist_ok=True)  # 0777 less the umask
        except OSError as exc:
            raise OutputProblem(path, f"cannot create this folder: {exc.strerror}") from None


def output_folder(out: Path) -> None:
    """Create the output folder if it is missing: OutputProblem, once for every jurisdiction, if it cannot be
    one (a file, a device or a link loop is there, or it cannot be created)."""
    _folder(Path(out), Path(out))


def _inside(folder: Path, out: Path) -> Path:
    """The folder, resolved, if it lies inside `out` (no symlink or name may lead elsewhere)."""
    resolved, root = Path(os.path.realpath(folder)), Path(os.path.realpath(out))
    if resolved != root and root not in resolved.parents:
        raise OutputProblem(folder, f"resolves to {resolved}, outside the output folder {root}; nothing written")
    return resolved


def write_files(out: Path, slug: str, files: dict[str, bytes], *, owner: str | None = None,
                force: bool = False) -> list[Path]:
    """Write `files` into out/<slug>/ (or `out` itself for slug "") as one transaction, recorded in the
    folder's manifest under `owner` (the input they come from); see the module's description."""
    out = Path(out)
    created = not os.path.isdir(out / slug)
    _folder(out / slug, out)
    folder = _inside(out / slug, out)
    committed = False
    try:
        with FolderLock(folder):
            _recover(folder)
            recorded = Manifest() if force and _unreadable_manifest(folder) else read_manifest(folder)
            _check_owner(folder, recorded, owner, force)
            check_unchanged(folder, files, recorded, force=force)
            manifest = Manifest({**recorded.files, **{n: sha256(d) for n, d in files.items()}}, owner or recorded.owner)
            _commit(folder, {**files, MANIFEST: manifest.encode()})
            committed = True
    except _AfterCommit as exc:
        committed = True
        raise _after_commit(exc.error, folder, files) from None
    except OSError as exc:
        raise _before_commit(exc, folder) from None
    finally:
        if created and not committed:
            _remove_if_empty(folder)
    return [out / slug / name for name in files]


class _Hashed:
    """A text sink that writes UTF-8 to a file and keeps the SHA-256 of what it wrote."""

    def __init__(self, stream):
        self.stream, self.digest = stream, hashlib.sha256()

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.digest.update(data)
        self.stream.write(data)
        return len(text)


def _stage(path: Path, write: Callable[[IO[str]], None]) -> str:
    """Create the temporary file `path` with what `write` writes, flushed to disk; its SHA-256."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, 0o666)
    with open(fd, "wb", buffering=1 << 20) as stream:
        sink = _Hashed(stream)
        write(sink)
        stream.flush()
        os.fsync(stream.fileno())
    return sink.digest.hexdigest()


def write_streamed(out: Path, writers: dict[str, Callable[[IO[str]], None]], *, owner: str | None = None,
                   force: bool = False) -> list[Path]:
    """Like write_files into `out` itself, for files too large to hold in memory: each writer writes its file's
    text to a temporary file, line by line; they are then committed together, or not at all."""
    out = Path(out)
    _folder(out, out)
    folder = _inside(out, out)
    staged: list[Path] = []
    try:
        with FolderLock(folder):
            _recover(folder)
            recorded = Manifest() if force and _unreadable_manifest(folder) else read_manifest(folder)
            _check_owner(folder, recorded, owner, force)
            _check_hashes(folder, {n: "" for n in writers if n in recorded.files}, recorded, force=force)  # early
            hashes = {}
            for name, write in writers.items():
                staged.append(folder / _temp_name(name))
                hashes[name] = _stage(staged[-1], write)
            _check_hashes(folder, hashes, recorded, force=force)
            manifest = Manifest({**recorded.files, **hashes}, owner or recorded.owner)
            committing, staged = staged, []
            _commit(folder, {MANIFEST: manifest.encode()}, committing)
    except _AfterCommit as exc:
        raise OutputProblem(folder, f"cannot finish writing: {exc.error.strerror}; the new files are recorded in "
                                    f"{JOURNAL} and the next draft command that writes here puts the rest in place") from None
    except OSError as exc:
        raise _before_commit(exc, folder) from None
    finally:
        _remove(staged)
    return [out / name for name in writers]


def _unreadable_manifest(folder: Path) -> bool:
    try:
        read_manifest(folder)
        return False
    except OutputProblem:
        return True


def _all_in_place(folder: Path, files: dict[str, bytes]) -> bool:
    """Whether every file is on disk as it should be now (a fault came after the last rename)."""
    try:
        return all(_on_disk(folder / name) == sha256(data) for name, data in files.items())
    except (OSError, OutputProblem):
        return False


def _remove_if_empty(folder: Path) -> None:
    try:
        if set(os.listdir(folder)) <= {LOCK}:
            os.rmdir(folder)
    except OSError:
        pass


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file through a temporary file in the same folder and a rename (OutputProblem on failure)."""
    path = Path(path)
    _folder(path.parent, path.parent)
    temp = path.parent / _temp_name(path.name)
    try:
        _write_new(temp, data)
        os.replace(temp, path)
        _sync_folder(path.parent)
    except OSError as exc:
        _remove([temp])
        raise OutputProblem(Path(exc.filename) if exc.filename and not TEMP.match(Path(exc.filename).name)
                            else path, f"cannot write: {exc.strerror}") from None
    except BaseException:
        _remove([temp])
        raise
