"""`draft model init`: a model ordinance as its authors wrote it (a Word file with bracketed blanks, or its PDF
or text) made into a model folder draftkit can fill, build, redline and compare.

- `source`: the model read into paragraphs (Word through the `ooxml` layer; PDF and text through the readers)
- `sections`: provisions found at headings and "Section N." lines, and how they are numbered
- `guess`: blanks, cross-references and the edits that make each paragraph a template
- `templates`: ordinance.docx from the model's own paragraphs, and a simple staff_report.docx
- `folder`: model.yaml, schema.yaml and values.yaml
- `report`: IMPORT.md and the summary printed

The folder is built beside its destination and renamed into place once it loads and renders, so a failed
import leaves nothing behind.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import DraftError, ModelProblem, OutputProblem, UnreadableDocument
from .folder import model_yaml, schema_yaml, values_yaml
from .guess import read_guesses
from .report import InitReport
from .source import read_model
from .templates import ordinance_template, staff_report_template

__all__ = ["InitReport", "init_model"]


def init_model(source: Path, out: Path) -> InitReport:
    """Read the model at `source` and write a complete model folder at `out` (which must not exist or be
    empty); return what was guessed."""
    source, out = Path(source), Path(out)
    _refuse_existing(out)
    model = read_model(source)
    reading = read_guesses(model.paragraphs)
    reading.unread[:0] = model.unread
    if not reading.provisions:
        raise UnreadableDocument(source, "no provisions found: a model's sections are read from its headings "
                                         "(Word's Heading styles) or from lines such as \"Section 1. Title.\"")
    report = InitReport(out, source, reading)
    files = {"model.yaml": model_yaml(reading, source.name).encode("utf-8"),
             "schema.yaml": schema_yaml(reading).encode("utf-8"),
             "values.yaml": values_yaml(reading).encode("utf-8"),
             "ordinance.docx": ordinance_template(model, reading),
             "staff_report.docx": staff_report_template(),
             "IMPORT.md": report.markdown().encode("utf-8")}
    _write_folder(out, files)
    return report


def _refuse_existing(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputProblem(out, "is not a folder; give the path of a new folder for the model")
    if out.is_dir() and any(out.iterdir()):
        raise OutputProblem(out, "already exists and is not empty; give a new folder (draft model init never "
                                 "writes into an existing model)")


def _write_folder(out: Path, files: dict[str, bytes]) -> None:
    """Write the files into a temporary folder beside `out`, check that the model loads and renders, then
    rename the folder into place."""
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise OutputProblem(parent, f"cannot create the model folder here: {exc.strerror or exc}") from None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temp, 0o777 & ~mask)
        for name, data in files.items():
            (temp / name).write_bytes(data)
        _check(temp)
        _refuse_existing(out)
        if out.is_dir():
            out.rmdir()
        os.rename(temp, out)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise OutputProblem(out, f"cannot write the model folder: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _check(folder: Path) -> None:
    """The new model loads, its values validate and the ordinance renders from them (and passes the model
    check, where draftkit has one)."""
    from ..build import render_ordinance
    from ..jurisdiction import load_canonical
    from ..model import load_model

    try:
        model = load_model(folder)
        render_ordinance(load_canonical(model), model)
    except DraftError as exc:
        raise ModelProblem(folder, f"the imported model does not build (a bug in draft model init):\n{exc}") from exc
    try:
        from ..modelcheck import check_model
    except ImportError:
        return
    problems = check_model(folder)
    if problems:
        raise ModelProblem(folder, "the imported model fails `draft model check` (a bug in draft model init):\n"
                           + "\n".join(str(p) for p in problems))
