"""`draft compare` over inputs drafted from several models: one comparison per model, never mixed.

Jurisdiction files go with the model their `model:` key names; adopted texts (DOCX, PDF, HTML, text) go
with the default model (`--model`, else the shipped default). The default model's comparison is
`comparison.html` (.csv, .json); another model's is `comparison-<its folder's name>.html`.
"""
from __future__ import annotations

from pathlib import Path

from .modelcheck import require_sound
from .models import grouped, option, suffix


def compare_all(paths: list[Path], out: Path, model: str | Path | None, *, force: bool = False,
                jobs: int | None = None) -> tuple[list[Path], list[str], list[str]]:
    """Compare every input with its own model; return the paths written, one message per input that could not
    be compared, and notes for the user (which comparison holds which model)."""
    from .compare import DOCUMENT_SUFFIXES, _inputs, compare_paths

    failures: list[str] = []
    inputs = _inputs(list(paths), failures)
    groups, problems = grouped(inputs, option(model), documents=DOCUMENT_SUFFIXES)
    failures += [str(p) for p in problems]
    written: list[Path] = []
    made: list[str] = []
    stems: set[str] = set()
    for group in groups:
        sound = require_sound(group.folder)
        stem = base = f"comparison{suffix(group.folder)}"
        while stem in stems:  # two models whose folders have one name (a/model, b/model)
            stem = f"{base}-{len(stems) + 1}"
        stems.add(stem)
        done, failed = compare_paths(list(group.paths), out, sound, force=force, stem=stem,
                                     **({"jobs": jobs} if jobs is not None else {}))
        written += done
        failures += failed
        if any(p.name == f"{stem}.html" for p in done):
            made.append(f"{stem}.html ({sound.name}, {len(group.paths)} input(s))")
    notes = [f"{len(made)} models, one comparison each: " + "; ".join(made)] if len(made) > 1 else []
    return written, failures, notes
