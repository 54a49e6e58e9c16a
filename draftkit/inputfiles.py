"""Finding and validating input files: YAML files named or in named folders, each validated, all problems
reported together. Light to import (no rendering), for commands that only read jurisdictions."""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .errors import InvalidInput, OutputProblem, Problem
from .jurisdiction import Jurisdiction, load_jurisdiction
from .model import Model


def jurisdiction_files(paths: list[Path]) -> list[Path]:
    """YAML files named directly, and those inside named folders (sorted), without repeats."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():  # what is not a regular file is named, and refused when read, rather than skipped
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())
        elif os.path.lexists(path):
            found.append(path)
        else:
            raise OutputProblem(path, "no such file or folder")
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.realpath(path), path)  # realpath, unlike resolve(), survives a symlink loop
    return list(unique.values())


Loaded = tuple[Jurisdiction | None, tuple[Problem, ...]]


def try_load(path: Path, model: Model) -> Loaded:
    """One file validated: the jurisdiction, or its problems."""
    try:
        return load_jurisdiction(path, model), ()
    except InvalidInput as exc:
        return None, exc.problems


def load_all(paths: list[Path], model: Model, *, results: Iterable[Loaded] | None = None) -> list[Jurisdiction]:
    """Validate every file (or take `results` of try_load computed elsewhere, in path order); raise one
    InvalidInput listing the problems of all of them."""
    loaded, problems = [], []
    for j, found in results if results is not None else (try_load(p, model) for p in paths):
        if j is not None:
            loaded.append(j)
        problems += found
    slugs: dict[str, Path] = {}
    for j in loaded:
        if j.slug in slugs:
            raise OutputProblem(j.path, f"has the same name as {slugs[j.slug]}; both would write to out/{j.slug}/")
        slugs[j.slug] = j.path
    if problems:
        raise InvalidInput(problems)
    return loaded
