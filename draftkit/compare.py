"""Compare jurisdictions with the model, provision by provision and parameter by parameter.

Each input becomes one column (compare_cells), computed in worker processes when there are several; the
columns go to a spool on disk as they come, in input order, and the JSON, CSV and HTML writers read it back
a row at a time (compare_matrix, compare_html). A jurisdiction that `draft build` has already compared, from
the same file and model, is not rendered again: its change list is read back (reuse).
"""
from __future__ import annotations

import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote

from .attribution import Attribution
from .compare_cells import (  # noqa: F401 (the comparison's names, where callers have always found them)
    ARROW,
    DEPARTURE,
    DOCX_STATUS,
    KINDS,
    NO_VALUE,
    WHITESPACE,
    Cell,
    Column,
    ColumnData,
    Entry,
    Value,
    column_of,
    docx_entry,
    entry_for,
    format_value,
)
from .compare_matrix import Matrix, build_matrix, matrix_csv, matrix_json  # noqa: F401
from .errors import BuildFailed, DraftError
from .jurisdiction import Jurisdiction, load_canonical, load_jurisdiction
from .mapping import SUFFIX as MAPPING_SUFFIX
from .model import Model, load_model
from .readers import SUFFIXES as TEXT_SUFFIXES
from .readers import text_kind

DOCUMENT_SUFFIXES = (".docx", *TEXT_SUFFIXES)
YAML_SUFFIXES = (".yaml", ".yml")
INPUT_SUFFIXES = (*YAML_SUFFIXES, *DOCUMENT_SUFFIXES)
FOLDER_SUFFIXES = tuple(s for s in INPUT_SUFFIXES if text_kind(Path(f"x{s}")) != "text")  # a text file in a
# folder is more often a note than an ordinance: it is compared when named on its own
COMPARISON_OWNER = "draft compare"  # the comparison files' owner, in the output folder's own manifest


def _inputs(paths: list[Path], failures: list[str]) -> list[Path]:
    """Inputs named directly, and YAML, DOCX, PDF and HTML files found in named folders (sorted), without
    repeats (a folder's text files and mapping files are not inputs)."""
    found: dict[Path, Path] = {}
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file()
                            and not p.name.startswith(("~$", ".")) and not p.name.endswith(MAPPING_SUFFIX))
            for p in inside:
                found.setdefault(Path(os.path.realpath(p)), p)  # realpath survives a symlink loop
        elif not path.exists():
            failures.append(f"{path}: no such file or folder")
        elif path.suffix.lower() not in INPUT_SUFFIXES:
            failures.append(f"{path}: not a jurisdiction file (.yaml) or an adopted text (.docx, .pdf, .html, "
                            ".txt)")
        else:
            found.setdefault(Path(os.path.realpath(path)), path)
    return list(found.values())


def _located(path: Path, message: str) -> str:
    return message if str(path) in message else f"{path}: {message}"


# --- one input, in a worker (or in this process) ---------------------------------------------------------


@dataclass(frozen=True)
class Compared:
    """What a worker sends back for one input: a jurisdiction's column, or an adopted text's entry with its
    redline's files (written here, once its name is settled), or why it could not be compared."""

    path: Path
    slug: str = ""
    column: ColumnData | None = None
    entry: Entry | None = None
    files: dict[str, bytes] | None = None
    failure: str | None = None
    redline_failure: str | None = None


_worker: dict = {}


def _init(model_folder: Path, out: Path, model: Model | None = None) -> None:
    model = model or load_model(model_folder)
    canonical = load_canonical(model)
    _worker.update(model=model, canonical=canonical, out=out, attribution=Attribution(model, canonical))


def _init_worker(model_folder: Path, out: Path) -> None:
    """A worker leaves Ctrl-C to the main process, which stops the run and writes nothing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init(model_folder, out)


def _document(path: Path, model: Model, canonical: Jurisdiction) -> Compared:
    from .packet import docx_redline, read_adopted

    adopted = read_adopted(path, model, canonical)
    entry = docx_entry(path, model, canonical, adopted=adopted)
    try:  # its cells link to its redline, so that is made too, from the same reading
        return Compared(path, entry.slug, entry=entry, files=docx_redline(path, model, canonical, adopted=adopted).files)
    except DraftError as exc:
        return Compared(path, entry.slug, entry=entry, redline_failure=_located(path, str(exc)))


def compare_one(path: Path) -> Compared:
    """Compare one input with the model of this process (see _init)."""
    model, canonical = _worker["model"], _worker["canonical"]
    try:
        if path.suffix.lower() in DOCUMENT_SUFFIXES:
            return _document(path, model, canonical)
        from .reuse import built_comparison, input_digests

        j = load_jurisdiction(path, model)
        built = built_comparison(_worker["out"], j, model, input_digests(j, model))
        entry = entry_for(j, model, canonical, attribution=_worker["attribution"], comparison=built)
        return Compared(path, j.slug, column=column_of(entry, model, canonical))
    except DraftError as exc:
        return Compared(path, failure=_located(path, str(exc)))


# --- the run ---------------------------------------------------------------------------------------------


def _distinct(entry: Entry, path: Path, taken: set[str]) -> Entry:
    """A document whose name another input has (several "ordinance.docx" from their folders): named after
    its folder too."""
    from .pair import safe_slug

    base = safe_slug(f"{path.parent.name}-{path.stem}")
    slug = next(f"{base}-{n}" if n else base for n in range(len(taken) + 2)
                if (f"{base}-{n}" if n else base) not in taken)
    return replace(entry, slug=slug, name=f"{path.parent.name}/{path.name}", link=f"{quote(slug)}/redline.html")


def _with_source(entry: Entry, path: Path, yamls: dict[str, tuple[str, Path]], out: Path) -> Entry:
    """An adopted text of a jurisdiction compared from its YAML too (the file or its folder has the YAML's
    name): labelled with the jurisdiction's name and linked to its YAML."""
    from .pair import safe_slug

    twin = next((yamls[k] for k in (safe_slug(path.stem), safe_slug(path.parent.name)) if k in yamls), None)
    if twin is None:
        return entry
    href = Path(os.path.relpath(os.path.abspath(twin[1]), os.path.abspath(out))).as_posix()
    return replace(entry, name=f"{twin[0]} ({path.name})", source=quote(href))


@dataclass
class Run:
    """What the main process keeps of a run: the names taken, jurisdictions' names, the adopted texts; and
    the names `reserved` for the jurisdiction files among the inputs (a jurisdiction's name is its file's,
    the folder `draft build` writes its packet in), which an adopted text of the same name gives way to."""

    taken: set[str]
    yamls: dict[str, tuple[str, Path]]
    documents: dict[int, tuple[Entry, Path]]
    written: list[Path]
    failures: list[str]
    reserved: set[str] = field(default_factory=set)


def _take(result: Compared, index: int, run: Run, spool, out: Path, force: bool) -> None:
    """One input's result, in input order: named, kept in the spool, its redline written."""
    from .outputs import owner_of, write_files

    if result.failure:
        run.failures.append(result.failure)
        return
    slug = result.slug
    if result.entry is not None and (slug in run.taken or slug in run.reserved):
        result = replace(result, entry=_distinct(result.entry, result.path, run.taken | run.reserved))
        slug = result.entry.slug
    if slug in run.taken:
        run.failures.append(f"{result.path}: has the same name as another input ({slug}); both would link to "
                            f"{quote(slug)}/redline.html")
        return
    run.taken.add(slug)
    if result.entry is None:
        run.yamls[slug] = (result.column.column.name, result.path)
        spool.add(index, result.column)
        return
    if result.files is not None:
        try:
            run.written += write_files(out, slug, result.files, owner=owner_of(result.path), force=force)
        except DraftError as exc:
            run.failures.append(_located(result.path, str(exc)))
    elif result.redline_failure:
        run.failures.append(result.redline_failure)
    run.documents[index] = (result.entry, result.path)
    spool.add(index, column_of(result.entry, _worker["model"], _worker["canonical"]))


def _results(inputs: list[Path], jobs: int, model: Model, out: Path):
    """Each input's Compared, in input order: from worker processes, or this one for a single job."""
    if jobs == 1:
        yield from map(compare_one, inputs)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(model.folder, out)) as pool:
        try:
            yield from pool.map(compare_one, inputs, chunksize=max(1, min(8, len(inputs) // (8 * jobs))))
        except BrokenProcessPool as exc:
            raise BuildFailed([(f"a worker process stopped ({exc}); the comparison files were left as they were. "
                               "Run again, with --jobs 1 to see which input stops it")]) from None
        except BaseException:  # Ctrl-C above all: no more inputs are started
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def compare_paths(paths: list[Path], out: Path, model: Model, *, force: bool = False, stem: str = "comparison",
                  jobs: int | None = None) -> tuple[list[Path], list[str]]:
    """Compare every input with the model; write `<stem>`.html/.csv/.json into `out` (comparison.html, ...).

    Returns the written paths and one message per input that could not be compared (invalid YAML,
    unreadable DOCX); the others are compared all the same. If none can be compared, the comparison files
    are left as they were. They are written like every output (outputs.write_files): whole, recorded in
    `out`'s manifest, and never over a hand-edited copy unless `force`. `jobs` worker processes (default:
    the cores) compare the inputs; the main process holds one row of the comparison at a time.
    """
    from .batch import default_jobs
    from .compare_spool import Spool

    run = Run(set(), {}, {}, [], [])
    inputs = _inputs(paths, run.failures)
    run.reserved = {p.stem for p in inputs if p.suffix.lower() in YAML_SUFFIXES}
    jobs = max(1, min(jobs or default_jobs(), len(inputs) or 1))
    _init(model.folder, out, model)
    spool = Spool(model, _worker["canonical"])
    try:
        for index, result in enumerate(_results(inputs, jobs, model, out)):
            _take(result, index, run, spool, out, force)
        for index, (entry, path) in run.documents.items():
            if (labelled := _with_source(entry, path, run.yamls, out)) is not entry:
                spool.replace(index, column_of(labelled, model, _worker["canonical"]))
        spool.close_run()
        if len(spool):  # a run that compares nothing never replaces a comparison that was there
            run.written += _write(spool, out, stem, force, title=f"{model.name}: the model and its local versions")
    finally:
        spool.close()
    return run.written, run.failures


def _write(spool, out: Path, stem: str, force: bool, *, title: str) -> list[Path]:
    """The three files, each written a row at a time to a temporary file, then committed together."""
    from .compare_html import write_html
    from .compare_matrix import write_csv, write_json
    from .outputs import write_streamed

    writers = {f"{stem}.html": lambda f: write_html(spool, f, title=title), f"{stem}.csv": lambda f: write_csv(spool, f),
               f"{stem}.json": lambda f: write_json(spool, f)}
    return write_streamed(out, writers, owner=COMPARISON_OWNER, force=force)
