"""The packet pipeline taken apart for timing, the docxtpl floor, and the redline of two DOCX files.

`staged_packet` calls the library functions in the order `draftkit.packet.build_packet` calls them
and returns the time of each stage and the files it produced (compared byte for byte with the real
packet by the benchmark, so the replica cannot drift from the pipeline unnoticed).
"""
from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate

from draftkit import yamlsource
from draftkit.build import render_ordinance, render_staff_report
from draftkit.changelist import departures, to_json
from draftkit.changes import Comparison
from draftkit.context import build_context
from draftkit.diff import compare
from draftkit.docx_text import read_sections
from draftkit.jurisdiction import Jurisdiction, validate_source, with_identity_of
from draftkit.model import Model, get
from draftkit.ooxml.package import open_docx
from draftkit.ooxml.settings import track_changes
from draftkit.ooxml.zipped import deterministic_zip
from draftkit.packet import _revision  # the packet's own author/date rule, so the outputs match byte for byte
from draftkit.pair import reader_notes
from draftkit.redline_docx import apply_redline
from draftkit.redline_html import redline_html
from draftkit.render import either, longdate, money, names, period, spelled

STAGES = ("validate", "render ordinance", "render baseline", "diff", "write redline DOCX", "changes.json",
          "write HTML", "render staff report")
STAMP = "2026-01-01T00:00:00Z"
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
timer = time.perf_counter  # the in-process clock (run.py --clock); CPU time is immune to other load on the machine


def use_clock(kind: str) -> None:
    global timer
    timer = CLOCKS[kind]


@dataclass
class Clock:
    """Wall time per named stage, in seconds."""

    times: dict[str, float] = field(default_factory=dict)
    wall: bool = False  # always the wall clock (to compare with another program's wall time)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        now = time.perf_counter if self.wall else timer
        start = now()
        try:
            yield
        finally:
            self.times[stage] = self.times.get(stage, 0.0) + now() - start


@dataclass
class Staged:
    """One jurisdiction run stage by stage: times, the files, and what the floor needs."""

    times: dict[str, float]
    files: dict[str, bytes]
    jurisdiction: Jurisdiction
    contexts: dict[str, dict[str, Any]]
    comparison: Comparison


def staged_packet(path: Path, text: str, model: Model, canonical: Jurisdiction, *,
                  against: str = "identity") -> Staged:
    """Validate YAML text and build its packet, timing each stage (the steps of build_packet, in order)."""
    clock = Clock()
    with clock("validate"):
        j = validate_source(yamlsource.load(path, text=text), model)
    with clock("render ordinance"):
        draft = render_ordinance(j, model)
    with clock("render baseline"):
        base_j = with_identity_of(canonical, j, model) if against == "identity" else canonical
        baseline = render_ordinance(base_j, model)
    name = get(j.data, model.role("display", "full_name"))
    title = f"{model.name}, {name}"
    subtitle = (f"compared with the model ordinance as it would read for {name}" if against == "identity"
                else "compared with the model ordinance itself")
    with clock("diff"):
        comparison = compare(baseline.text, draft.text)
    author, stamp, day = _revision(j, model)
    with clock("write redline DOCX"):
        draft_doc, base_doc = draft.loaded(), baseline.loaded()  # fresh trees of the rendered packages
        notes, unseen = reader_notes(draft_doc)
        marked = apply_redline(draft_doc, base_doc, comparison, author=author, date=stamp, draft_text=draft.text,
                               base_text=baseline.text)
        properties = {"dc:title": f"Redline: {title}", "dc:creator": author,
                      "dcterms:created": stamp, "dcterms:modified": stamp}
        redline_docx = deterministic_zip(track_changes(marked.current_parts()), properties=properties)
    with clock("changes.json"):
        changes = to_json(comparison, model, jurisdiction=title, against=against, notes=tuple(draft_doc.notes),
                          not_compared=unseen).encode()
    with clock("write HTML"):
        page = redline_html(comparison, title=f"Redline: {title}", subtitle=subtitle, author=author,
                            date_text=day, notes=notes).encode("utf-8")
    with clock("render staff report"):
        listed = departures(comparison, model)
        report = render_staff_report(j, model, draft.plan, listed)
    contexts = {"ordinance": build_context(j, model, draft.plan),
                "staff_report": build_context(j, model, draft.plan, listed),
                "baseline": build_context(base_j, model, baseline.plan)}
    files = {"ordinance.docx": draft.docx, "staff_report.docx": report, "baseline.docx": baseline.docx,
             "changes.json": changes, "redline.docx": redline_docx, "redline.html": page}
    return Staged(clock.times, files, j, contexts, comparison)


def floor_environment() -> jinja2.Environment:
    """A default Jinja environment, plus the filters the templates use (without them they cannot render)."""
    env = jinja2.Environment()
    env.filters.update(longdate=longdate, money=money, spelled=spelled, names=names, either=either, period=period)
    return env


def floor_render(template: Path, context: dict[str, Any], env: jinja2.Environment) -> float:
    """Seconds for plain docxtpl: a fresh DocxTemplate(path), render(autoescape=True), save to memory."""
    start = timer()
    document = DocxTemplate(template)
    document.render(context, jinja_env=env, autoescape=True)
    document.save(io.BytesIO())
    return timer() - start


@dataclass
class RedlineRun:
    """Our redline of two DOCX files, by step."""

    times: dict[str, float]
    docx: bytes
    html: str
    comparison: Comparison

    @property
    def total(self) -> float:
        return sum(self.times.values())


def our_redline(baseline: bytes, draft: bytes, *, html: bool = False) -> RedlineRun:
    """Open both DOCX files, read, compare, mark up and serialize (and with `html`, write the HTML page);
    timed by the wall clock, like the other program it is compared with."""
    clock = Clock(wall=True)
    with clock("open + read"):
        draft_doc, base_doc = open_docx(draft, name="draft.docx"), open_docx(baseline, name="baseline.docx")
        old, new = read_sections(base_doc), read_sections(draft_doc)
    with clock("diff"):
        comparison = compare(old, new)
    with clock("apply redline + serialize"):
        marked = apply_redline(draft_doc, base_doc, comparison, author="bench", date=STAMP, draft_text=new,
                               base_text=old)
        data = deterministic_zip(marked.current_parts(), properties={"dc:title": "Redline", "dc:creator": "bench",
                                                                     "dcterms:created": STAMP,
                                                                     "dcterms:modified": STAMP})
    page = ""
    if html:
        with clock("write HTML"):
            page = redline_html(comparison, title="Redline", subtitle="benchmark pair", author="bench",
                                date_text="January 1, 2026")
    return RedlineRun(clock.times, data, page, comparison)


def words_of(docx: bytes) -> int:
    """Words in a DOCX's body text."""
    return sum(len(p.text.split()) for p in read_sections(open_docx(docx)).paragraphs)
