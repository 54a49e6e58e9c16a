"""Work done once: the content hashes of a packet's inputs, and a built packet's change list read back.

`draft build` records in changes.json the SHA-256 of the jurisdiction file and of the model folder (each of
its files, by name and content) it was made from; the folder's manifest records the SHA-256 of changes.json
itself. `draft compare` takes that change list instead of rendering again when all three still hold: the
jurisdiction file and the model folder hash the same, and changes.json is as draftkit wrote it. Anything
else (another model, an edited file, an older build without hashes) means the jurisdiction is compared anew.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .changes import Comparison, SectionChange
from .errors import OutputProblem
from .files import Unreadable, read_limited
from .jurisdiction import Jurisdiction
from .model import Model
from .outputs import owner_of, read_manifest, sha256

CHANGES = "changes.json"
MAX_CHANGES = 64 * 1024 * 1024  # bytes; a change list is far smaller
_folders: dict[str, tuple[tuple, str]] = {}  # model folder -> (what its files looked like, their digest)


def _files(folder: Path) -> list[tuple[str, Path]]:
    """Every file of a model folder (hidden ones aside), by its name relative to the folder, sorted."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if not name.startswith("."):
                path = Path(root) / name
                found.append((path.relative_to(folder).as_posix(), path))
    return sorted(found)


def model_digest(folder: Path) -> str:
    """SHA-256 over the names and contents of a model folder's files (recomputed when one changes)."""
    files = _files(Path(folder))
    stamp = tuple((name, path.stat().st_mtime_ns, path.stat().st_size) for name, path in files)
    known = _folders.get(str(folder))
    if known and known[0] == stamp:
        return known[1]
    digest = hashlib.sha256()
    for name, path in files:
        digest.update(f"{name}\0{sha256(path.read_bytes())}\n".encode("utf-8", "surrogateescape"))
    _folders[str(folder)] = (stamp, digest.hexdigest())
    return digest.hexdigest()


def input_digests(j: Jurisdiction, model: Model) -> dict[str, str] | None:
    """The SHA-256 of a jurisdiction's file and of its model folder; None if the file cannot be read (a
    jurisdiction made from text in memory)."""
    try:
        data = read_limited(j.path, MAX_CHANGES)
    except (Unreadable, OSError):
        return None
    return {"jurisdiction": sha256(data), "model": model_digest(model.folder)}


def _section(item: dict, changed: dict[str, dict]) -> SectionChange:
    full = changed.get(item["provision"], {})
    return SectionChange(key=item["provision"], title=item["title"], old_number=full.get("old_number"),
                         new_number=full.get("new_number"), kind=item["kind"], paragraphs=(),
                         words_inserted=full.get("words_inserted", 0), words_deleted=full.get("words_deleted", 0),
                         model_words=item["model_words"], retained_words=item["retained_words"],
                         folded_into=item.get("folded_into", full.get("folded_into")))


def built_comparison(out: Path, j: Jurisdiction, model: Model, digests: dict[str, str] | None) -> Comparison | None:
    """The change list `draft build` wrote for `j` into out/<slug>/, if it was made from these very inputs
    against the model as it reads for j (its sections' kinds and counts; no paragraph texts); else None."""
    folder = Path(out) / j.slug
    if digests is None or not os.path.isfile(folder / CHANGES):
        return None
    try:
        manifest = read_manifest(folder)
        raw = read_limited(folder / CHANGES, MAX_CHANGES)
        if manifest.owner != owner_of(j.path) or manifest.files.get(CHANGES) != sha256(raw):
            return None
        data = json.loads(raw.decode("utf-8"))
        if (data.get("inputs"), data.get("against"), data.get("model"), data.get("model_version")) != \
                (digests, "identity", model.name, model.version):
            return None
        changed = {c["provision"]: c for c in data["changed_sections"]}
        return Comparison(tuple(_section(item, changed) for item in data["sections"]))
    except (OutputProblem, Unreadable, OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # anything unexpected: compared anew, never trusted
