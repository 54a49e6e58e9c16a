"""Which model ordinance a jurisdiction file is drafted from.

A jurisdiction file may name its model with a top-level `model:` key: the name of a model that comes with
draftkit (`model: ccops`) or a model folder, relative to the file (`model: ../models/my_model`). A file
without the key uses the default model: the one given with `--model`, else the first model draftkit ships.

The shipped models live in `templates/` of a source checkout, and in `draftkit/shipped/` of an installed
package (pyproject.toml maps one to the other), so both an editable and a normal install find them.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import InvalidInput, Problem, UsageError

KEY = "model"
DEFAULT_NAME = "ordinance"   # the Sanctuary Contracting and Investment model
_HERE = Path(__file__).resolve().parent
# A top-level `model:` line: the key at the start of a line, a plain or quoted scalar, an optional comment.
_LINE = re.compile(r"""^model[ \t]*:[ \t]*(?P<value>"[^"\n]*"|'[^'\n]*'|[^\s#][^#\n]*?)?[ \t]*(?:#.*)?$""",
                   re.MULTILINE)


def shipped_folder() -> Path:
    """The folder holding the models draftkit comes with."""
    installed = _HERE / "shipped"
    return installed if installed.is_dir() else _HERE.parent / "templates"


@cache
def shipped() -> dict[str, Path]:
    """The shipped models by name (their folder's name), the default first (looked up once per process:
    every jurisdiction file's `model:` key is resolved against them)."""
    root = shipped_folder()
    found = sorted((p for p in root.iterdir() if (p / "model.yaml").is_file()), key=lambda p: p.name) \
        if root.is_dir() else []
    return dict(sorted(((p.name, p) for p in found), key=lambda item: item[0] != DEFAULT_NAME))


def default_folder() -> Path:
    return shipped_folder() / DEFAULT_NAME


def resolve(ref: str | Path, base: Path = Path(".")) -> Path | None:
    """The folder a model reference names: a shipped model's name, or a folder (relative to `base`) that
    holds a model.yaml. None when it names neither."""
    text = str(ref).strip()
    if (found := shipped().get(text)) is not None:
        return found
    folder = Path(text).expanduser()
    folder = folder if folder.is_absolute() else base / folder
    return folder if (folder / "model.yaml").is_file() else None


def option(ref: Path | str | None) -> Path:
    """The folder of a `--model` option (a shipped model's name or a folder); the default when not given."""
    if ref is None:
        return default_folder()
    found = resolve(ref)
    if found is None:
        names = ", ".join(shipped()) or "none"
        raise UsageError(f"--model {ref}: not a model folder (no model.yaml there) and not the name of a shipped "
                         f"model ({names})")
    return found


def declared(path: Path) -> tuple[str, int] | None:
    """The `model:` value a jurisdiction file gives and its line, without parsing the whole YAML; None when
    the file gives none or cannot be read (its loader then says what is wrong)."""
    if not os.path.isfile(path):  # a folder, a named pipe or a device: its loader says what it is, unblocked
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read(1 << 20)
    except OSError:
        return None
    found = _LINE.search(text)
    if found is None or not found["value"]:
        return None
    value = found["value"].strip()
    if value[:1] in "\"'" and value[-1:] == value[:1]:
        value = value[1:-1]
    return value, text.count("\n", 0, found.start()) + 1


def folder_for(path: Path, default: Path) -> Path:
    """The model folder of one jurisdiction file; a located error when its `model:` names no model."""
    given = declared(path)
    if given is None:
        return default
    found = resolve(given[0], Path(path).parent)
    if found is None:
        names = ", ".join(shipped()) or "none"
        raise InvalidInput([Problem(Path(path), given[1], 1, KEY,
                                    f"{given[0]!r} is neither a model draftkit ships ({names}) nor a folder "
                                    "with a model.yaml (a folder is read relative to this file)")])
    return found


def suffix(folder: Path) -> str:
    """What sets a model's files apart in a shared output folder: "" for the default model (comparison.html),
    "-<name>" for any other (comparison-ccops.html)."""
    return "" if same(folder, default_folder()) else f"-{Path(os.path.abspath(folder)).name}"


def same(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


@dataclass(frozen=True)
class Group:
    """The inputs drafted from one model, in the order they were given."""

    folder: Path
    paths: tuple[Path, ...]


def grouped(paths: list[Path], default: Path, *, documents: tuple[str, ...] = ()) -> tuple[list[Group], list[Problem]]:
    """Inputs split by the model each is drafted from, the default model's group first. Files whose
    suffix is in `documents` (adopted texts: DOCX, PDF, ...) have no `model:` key and go with the default.
    Returns the groups and the problems of files whose `model:` names no model."""
    groups: dict[str, list[Path]] = {os.path.realpath(default): []}
    folders = {os.path.realpath(default): default}
    problems: list[Problem] = []
    for path in paths:
        if Path(path).suffix.lower() in documents:
            folder = default
        else:
            try:
                folder = folder_for(path, default)
            except InvalidInput as exc:
                problems += exc.problems
                continue
        key = os.path.realpath(folder)
        folders.setdefault(key, folder)
        groups.setdefault(key, []).append(path)
    return [Group(folders[k], tuple(v)) for k, v in groups.items() if v], problems
