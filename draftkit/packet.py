"""Build every output for a set of jurisdictions and write them safely into the output folder."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .build import render_ordinance, render_staff_report
from .docx_io import write_atomic
from .errors import DraftError, InvalidInput, OutputProblem
from .jurisdiction import Jurisdiction, load_canonical, load_jurisdiction
from .model import Model


@dataclass(frozen=True)
class Packet:
    """The files produced for one jurisdiction, by file name."""

    slug: str
    files: dict[str, bytes]


def jurisdiction_files(paths: list[Path]) -> list[Path]:
    """YAML files named directly, and those inside named folders (sorted), without repeats."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        elif path.exists():
            found.append(path)
        else:
            raise OutputProblem(path, "no such file or folder")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def load_all(paths: list[Path], model: Model) -> list[Jurisdiction]:
    """Validate every file; raise one InvalidInput listing the problems of all of them."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append(load_jurisdiction(path, model))
        except InvalidInput as exc:
            problems += exc.problems
    slugs: dict[str, Path] = {}
    for j in loaded:
        if j.slug in slugs:
            raise OutputProblem(j.path, f"has the same name as {slugs[j.slug]}; both would write to out/{j.slug}/")
        slugs[j.slug] = j.path
    if problems:
        raise InvalidInput(problems)
    return loaded


def build_packet(j: Jurisdiction, model: Model, canonical: Jurisdiction) -> Packet:
    """Render the ordinance and the staff report for one jurisdiction."""
    draft = render_ordinance(j, model)
    return Packet(j.slug, {
        "ordinance.docx": draft.docx,
        "staff_report.docx": render_staff_report(j, model, draft.plan, []),
    })


def write_packet(packet: Packet, out: Path) -> list[Path]:
    """Write a packet's files into out/<slug>/, each through a temporary file and a rename."""
    folder = out / packet.slug
    written = []
    for name, data in packet.files.items():
        write_atomic(folder / name, data)
        written.append(folder / name)
    return written


def build_all(paths: list[Path], out: Path, model: Model) -> list[Path]:
    """Validate every jurisdiction first (nothing is written if any is invalid), then build each
    packet in memory and write it whole."""
    jurisdictions = load_all(jurisdiction_files(paths), model)
    canonical = load_canonical(model)
    written: list[Path] = []
    for j in jurisdictions:
        written += write_packet(build_packet(j, model, canonical), out)
    return written


__all__ = ["Packet", "build_all", "build_packet", "jurisdiction_files", "load_all", "write_packet", "DraftError"]
