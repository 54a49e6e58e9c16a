"""Build many jurisdictions: validate all first, then build each packet (in parallel processes when
asked) and write it whole. Results and errors are the same, in the same order, whatever the jobs."""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, DraftError, InvalidInput, Problem
from .inputfiles import jurisdiction_files, load_all, try_load
from .jurisdiction import Jurisdiction, load_canonical
from .model import Model, load_model
from .modelcheck import require_sound
from .models import folder_for
from .outputs import output_folder, owner_of, write_files
from .packet import build_packet
from .pdf import PdfProblem, packet_pdfs, stale_pdfs


@dataclass(frozen=True)
class Outcome:
    """What happened to one jurisdiction: the files written, or the error that stopped it."""

    slug: str
    written: tuple[Path, ...] = ()
    error: str | None = None
    notes: tuple[str, ...] = ()   # what the user should know (say, a PDF that could not be joined)


@dataclass(frozen=True)
class _Job:
    out: Path
    against: str
    force: bool
    exclude: tuple[str, ...]
    pdf: bool = False


_worker: dict = {}  # model folder -> (Model, its canonical values), loaded once per process


def _init(model_folder: Path | None = None) -> None:
    _worker.clear()
    _worker["models"] = {}
    if model_folder is not None:
        _model(str(model_folder))


def _model(folder: str) -> tuple[Model, Jurisdiction]:
    models = _worker["models"]
    if folder not in models:
        model = load_model(Path(folder))
        models[folder] = (model, load_canonical(model))
    return models[folder]


def _init_worker(model_folder: Path | None = None) -> None:
    """A worker leaves Ctrl-C to the main process, which lets running packets finish and starts no more."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init(model_folder)


def _build_one(item: tuple[Jurisdiction, str], job: _Job) -> Outcome:
    """Build and write one packet (a jurisdiction and its model's folder) in this process (a worker's, or the
    main one)."""
    if not _worker:
        raise RuntimeError("worker not initialised")
    j, folder = item
    try:
        model, canonical = _model(folder)
        packet = build_packet(j, model, canonical, against=job.against)
        files = {k: v for k, v in packet.files.items() if k not in job.exclude}
    except DraftError as exc:
        return Outcome(j.slug, error=str(exc))
    failed, notes = None, ()
    if job.pdf:
        try:
            pdfs, notes = packet_pdfs(files, what=f"{job.out / packet.slug}")
            files = {**files, **pdfs}
        except PdfProblem as exc:  # the documents are written all the same
            failed = str(exc)
    else:
        notes = stale_pdfs(job.out / packet.slug)
    try:
        written = write_files(job.out, packet.slug, files, owner=owner_of(j.path), force=job.force)
        return Outcome(j.slug, tuple(written), failed, notes)
    except DraftError as exc:
        return Outcome(j.slug, error=str(exc))


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream=None):
        stream = stream if stream is not None else sys.stderr  # the stream of the moment, not of import time
        self.total, self.done, self.stream = total, 0, stream
        self.on = total > 1 and hasattr(stream, "isatty") and stream.isatty()

    def step(self, label: str) -> None:
        self.done += 1
        if self.on:
            filled = int(30 * self.done / self.total)
            self.stream.write(f"\r[{'#' * filled}{' ' * (30 - filled)}] {self.done}/{self.total} {label[:30]:<30}")
            self.stream.flush()
            if self.done == self.total:
                self.stream.write("\n")


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _validate_one(item: tuple[Path, str]) -> tuple:
    path, folder = item
    return try_load(path, _model(folder)[0])


def _folders(files: list[Path], default: Path) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Each file with the folder of the model it is drafted from (its `model:` key, else `default`), and the
    problems of keys that name no model. Every model so named must pass the model check (InvalidInput if not)."""
    items, problems = [], []
    for path in files:
        try:
            items.append((path, str(folder_for(path, default))))
        except InvalidInput as exc:
            problems += exc.problems
    for folder in dict.fromkeys(f for _, f in items):
        require_sound(Path(folder))
    return items, problems


def build_many(paths: list[Path], out: Path, model: Model, *, jobs: int | None = None, against: str = "identity",
               force: bool = False, exclude: tuple[str, ...] = (), pdf: bool = False,
               progress: Callable[[int], Progress] = Progress) -> list[Outcome]:
    """Validate every file (raise, writing nothing, if any is invalid), then build and write each; with
    `pdf`, also the PDFs of the ordinance, staff report and redline, and packet.pdf (see `pdf`).

    Each file is drafted from the model its `model:` key names, else from `model`. With more than one job,
    both validation and building run in worker processes.
    """
    items, named = _folders(jurisdiction_files(paths), model.folder)
    job = _Job(out, against, force, exclude, pdf)
    jobs = max(1, min(jobs or default_jobs(), len(items)))
    if jobs == 1:
        _init(model.folder)
        jurisdictions = _loaded(items, map(_validate_one, items), named)
        output_folder(out)
        return _run(map(_build_one, jurisdictions, [job] * len(jurisdictions)), progress(len(jurisdictions)))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(model.folder,)) as pool:
        try:
            chunk = max(1, min(16, len(items) // (4 * jobs)))
            jurisdictions = _loaded(items, pool.map(_validate_one, items, chunksize=chunk), named)
            output_folder(out)
            built = pool.map(_build_one, jurisdictions, [job] * len(jurisdictions), chunksize=max(1, chunk // 4))
            return _run(built, progress(len(jurisdictions)))
        except BrokenProcessPool as exc:
            raise BuildFailed([f"a worker process stopped ({exc}); each output folder is as it was or fully "
                               "updated. Run again, with --jobs 1 to see which jurisdiction stops it"]) from None
        except BaseException:  # Ctrl-C above all: the packets being written finish whole, the rest never start
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _loaded(items: list[tuple[Path, str]], results, named: list[Problem]) -> list[tuple[Jurisdiction, str]]:
    """Every file validated against its model, with its model's folder; one InvalidInput listing the problems
    of all of them (those of a `model:` key naming no model included)."""
    results = list(results)
    try:
        loaded = load_all([p for p, _ in items], None, results=results)
    except InvalidInput as exc:
        raise InvalidInput(named + list(exc.problems)) from None
    if named:
        raise InvalidInput(named)
    return list(zip(loaded, (f for (j, _), (_, f) in zip(results, items) if j is not None)))  # in file order


def _run(outcomes, bar: Progress) -> list[Outcome]:
    done = []
    for outcome in outcomes:
        done.append(outcome)
        bar.step(outcome.slug)
    return done


def raise_for(outcomes: list[Outcome]) -> None:
    """After the others were written: one error listing every jurisdiction that failed."""
    failed = [o.error for o in outcomes if o.error]
    if failed:
        raise BuildFailed(failed)
