"""The jurisdictions folder as the web application sees it: names that cannot leave it, files read with the
command line's limits, and saves that never overwrite what another tab (or person) saved in between.

A file is named by its stem alone (`berkeley` for jurisdictions/berkeley.yaml), checked as `draft build`
checks a jurisdiction's file name; a symbolic link, or a name that would resolve outside the folder, is
refused. Each save names the version of the file it was made from (the SHA-256 of its bytes, like an HTTP
ETag); if the file on disk is no longer that version, nothing is written and the tab is told.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import DraftError
from ..files import Unreadable, read_limited
from ..jurisdiction import RESERVED, SLUG
from ..outputs import write_atomic
from ..yamlsource import MAX_BYTES

NEW = ""  # the version a tab names for a file it is creating


class FolderProblem(DraftError):
    """A name or a save the jurisdictions folder refuses, with the reason; `status` is the HTTP status."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status

    def __str__(self) -> str:
        return self.message


def version_of(data: bytes) -> str:
    """A file version's tag: the SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()


def check_name(name: str) -> str:
    """A file name stem the folder accepts (the rule `draft build` applies), or FolderProblem saying why."""
    if any(c in name for c in "/\\") or name in (".", "..") or ".." in name:
        raise FolderProblem(f"{name!r} is not a file name: a name may not contain a folder path ('/', '\\' or "
                            "'..'); files are saved only in the jurisdictions folder")
    if not SLUG.match(name) or RESERVED.match(name):
        raise FolderProblem(f"{name!r} cannot be a file name: it must be 1-64 letters, digits, '-' or '_', "
                            "starting with a letter or digit, and not a name Windows reserves such as CON or NUL")
    return name


@dataclass
class Folder:
    """The one folder the application reads jurisdiction files from and saves them to."""

    root: Path
    shown_as: Path  # how messages name the folder (relative to where the server was started, if inside it)
    model: Path | None = None  # the model the form is made from: files drafted from another are not opened

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    @classmethod
    def at(cls, root: Path, model: Path | None = None) -> Folder:
        root = Path(root)
        try:
            shown = root.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            shown = root.resolve()
        return cls(root.resolve(), shown, model)

    def _other_model(self, path: Path) -> str | None:
        """The `model:` a file names when it is not the form's model (its form would drop its fields)."""
        from ..models import declared, resolve, same

        given = declared(path) if self.model is not None else None
        if given is None:
            return None
        found = resolve(given[0], path.parent)
        return None if found is not None and same(found, self.model) else given[0]

    def names(self) -> list[str]:
        """The stems of the folder's YAML files that the application can open, sorted."""
        if not self.root.is_dir():
            return []
        found = (p for p in self.root.iterdir() if p.suffix == ".yaml" and not p.is_symlink() and p.is_file())
        return sorted(p.stem for p in found if SLUG.match(p.stem) and not RESERVED.match(p.stem)
                      and self._other_model(p) is None)

    def path(self, name: str) -> Path:
        """The file for a name, inside the folder (never a link leading out of it)."""
        path = self.root / f"{check_name(name)}.yaml"
        if path.is_symlink() or path.resolve().parent != self.root:
            raise FolderProblem(f"{self.shown(name)} is a link to a file elsewhere; the application opens and "
                                "saves only files inside the jurisdictions folder", status=403)
        return path

    def shown(self, name: str) -> Path:
        """The file as messages name it, e.g. jurisdictions/berkeley.yaml."""
        return self.shown_as / f"{name}.yaml"

    def read(self, name: str) -> bytes:
        """A file's bytes, read as the command line reads one (a regular file, at most its size limit + 1)."""
        try:
            data = read_limited(self.path(name), MAX_BYTES)
        except Unreadable as exc:
            raise FolderProblem(f"{self.shown(name)}: cannot read the file: {exc.reason}", status=404) from None
        other = self._other_model(self.path(name))
        if other is not None:
            raise FolderProblem(f"{self.shown(name)} is drafted from another model (model: {other}); this form is "
                                f"made from {self.model}. Start `draft serve --model {other}` to edit it",
                                status=409)
        return data

    def current(self, name: str) -> str:
        """The version of the file on disk now, or NEW if there is none."""
        path = self.path(name)
        return version_of(self.read(name)) if path.exists() else NEW

    def save(self, name: str, text: str, *, base: str) -> str:
        """Write the file if it is still the version `base` (NEW: if it does not exist yet); its new version."""
        data = text.encode("utf-8")
        with self._lock:
            found = self.current(name)
            if found != base:
                raise FolderProblem(self._conflict(name, base), status=409)
            write_atomic(self.path(name), data)
        return version_of(data)

    def _conflict(self, name: str, base: str) -> str:
        shown = self.shown(name)
        if base == NEW:
            return (f"{shown} already exists; nothing was saved. Open it to edit it, or choose another file name "
                    "for this jurisdiction")
        return (f"{shown} was changed since this page opened it (in another tab or window, or by someone else); "
                "nothing was saved. Reload it to see those changes, or save this version under another file name")
