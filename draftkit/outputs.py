"""Write a packet into the output folder without ever losing a user's work.

Each file is written to a temporary file and renamed into place, so an interrupted build leaves the
previous outputs whole. Each folder keeps a manifest of what the toolkit wrote (SHA-256 per file); a
file whose content matches neither the manifest nor what is about to be written was changed by
someone (say, edited in Word) and is not overwritten unless the user forces it.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .errors import OutputProblem

MANIFEST = ".draftkit-manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _manifest(folder: Path) -> dict[str, str]:
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {k: v for k, v in recorded.get("files", {}).items() if isinstance(v, str)}
    except (OSError, ValueError, AttributeError):
        return {}


def _inside(folder: Path, out: Path) -> Path:
    """The folder, resolved, if it lies inside `out` (no symlink or name may lead elsewhere)."""
    resolved, root = folder.resolve(), out.resolve()
    if resolved != root and root not in resolved.parents:
        raise OutputProblem(folder, f"resolves to {resolved}, outside the output folder {root}; nothing written")
    return resolved


def check_unchanged(folder: Path, files: dict[str, bytes]) -> None:
    """Refuse if a file the packet would replace was changed since the toolkit wrote it."""
    recorded = _manifest(folder)
    for name, data in files.items():
        path = folder / name
        if not path.is_file():
            continue
        on_disk = sha256(path.read_bytes())
        if on_disk not in (recorded.get(name), sha256(data)):
            why = ("was changed since draftkit wrote it" if name in recorded
                   else "was not written by draftkit")
            raise OutputProblem(path, f"{why} (edited by hand or in Word?), so it was not overwritten and nothing in "
                                      f"{folder.name}/ was changed. To keep it, move or rename it and build "
                                      "again; to replace it, build again with --force")


def write_files(out: Path, slug: str, files: dict[str, bytes], *, force: bool = False) -> list[Path]:
    """Write `files` into out/<slug>/ atomically, then record them in the folder's manifest."""
    folder = _inside(out / slug, out)
    if not force:
        check_unchanged(folder, files)
    written = []
    for name, data in files.items():
        write_atomic(folder / name, data)
        written.append(out / slug / name)
    recorded = _manifest(folder)
    recorded.update({name: sha256(data) for name, data in files.items()})
    manifest = {"written_by": "draftkit", "files": dict(sorted(recorded.items()))}
    write_atomic(folder / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode())
    return written


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
