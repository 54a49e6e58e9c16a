"""One column of the comparison: a jurisdiction (or an adopted text) compared with the model, as plain data.

An Entry is the compared input (its change list and values); a Sheet column (`column_of`) is what every
writer shows of it: the column's heading figures, one Cell per provision or added section, one Value per
parameter. A column depends on its own entry only, so columns are computed apart (in worker processes) and
the writers take them one at a time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from .attribution import Attribution
from .changes import Comparison, SectionChange
from .diff import compare as diff_sections
from .effects import not_in_effect
from .jurisdiction import PLACEHOLDER, Jurisdiction, with_identity_of
from .model import Model, Parameter, get, rule_at
from .readers import text_kind

CellKind = Literal["kept", "modified", "reworded", "moved", "folded", "dropped", "added", "absent"]
KINDS: dict[str, tuple[str, str]] = {  # kind -> (symbol, what it means); symbols keep it readable in grey
    "kept": ("✓", "kept: reads as in the model"),
    "modified": ("◐", "modified: the share of the model's words kept, and the values that changed"),
    "reworded": ("≈", ("reworded: found in an adopted text by what it does, in other words (less than half of "
                 "the model's words kept); with how sure the match is")),
    "moved": ("↕", "moved to another place in the text"),
    "folded": ("⤴", "folded: no section of its own; its text continues the section before it"),
    "dropped": ("✕", "dropped: not in this text"),
    "added": ("+", "added: a section the model does not have"),
    "absent": ("·", "not in this text"),
}
SECTION_KIND: dict[str, CellKind] = {"unchanged": "kept", "modified": "modified", "moved": "moved",
                                     "dropped": "dropped", "added": "added"}
DEPARTURE = "≠"
NO_VALUE = "—"
ARROW = "→"
DOCX_STATUS = "adopted text (DOCX)"
ACT_NUMBER = re.compile(r"^\s*(?:SECTION|Section|SEC\.|Sec\.)\s+\d+[A-Za-z]?[.:]?\s+")
WHITESPACE = re.compile(r"\s")  # redline anchors write whitespace in keys as "_"


@dataclass(frozen=True)
class Entry:
    """One jurisdiction compared with the model: who, where it stands, its change list and values."""

    slug: str
    name: str
    status: str
    introduced: date | None
    adopted: date | None
    comparison: Comparison
    values: dict | None  # the jurisdiction's data; None for an adopted text read from a DOCX
    link: str  # relative href of its redline, e.g. "oakland/redline.html"
    effects: dict[str, tuple[str, ...]] = field(default_factory=dict)  # parameter path -> section keys
    notes: tuple[str, ...] = ()
    # an adopted text's provisions found by assignment: key -> (confidence, whether the user's mapping set it,
    # the key of the redline section that carries it)
    assigned: dict[str, tuple[float | None, bool, str]] = field(default_factory=dict)
    source: str | None = None  # for an adopted text of a jurisdiction compared too: relative href of its YAML


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def entry_for(j: Jurisdiction, model: Model, canonical: Jurisdiction, *, attribution: Attribution | None = None,
              comparison: Comparison | None = None) -> Entry:
    """A jurisdiction compared with its baseline (the model with its identity): its draft and baseline
    rendered and compared, unless `comparison` (a built packet's change list, see `reuse`) is given."""
    if comparison is None:
        from .build import render_ordinance

        draft = render_ordinance(j, model).text
        baseline = render_ordinance(with_identity_of(canonical, j, model), model).text
        comparison = diff_sections(baseline, draft)
    status, introduced, adopted = (get(j.data, model.role("adoption", r)) for r in ("status", "introduced", "adopted"))
    effects = (attribution or Attribution(model, canonical)).effects(j)
    return Entry(j.slug, str(get(j.data, model.role("display", "name")) or j.slug), str(status), _day(introduced),
                 _day(adopted), comparison, j.data, f"{quote(j.slug)}/redline.html", effects)


def docx_entry(path: Path, model: Model, canonical: Jurisdiction, *, adopted=None) -> Entry:
    """An adopted text read from a DOCX (or PDF, page, text) and aligned to the model; it has no parameter
    values. `adopted` is the file as packet.read_adopted read it, to redline it afterwards without reading
    it again."""
    from .packet import docx_comparison
    from .pair import safe_slug

    reading = docx_comparison(path, model, canonical, adopted=adopted)
    slug = safe_slug(path.stem)
    kind = text_kind(path)
    status = f"adopted text ({kind})" if kind else DOCX_STATUS
    found = reading.assignment
    assigned = {s.key: (found.confidence(s.key, reading.words), found.by_mapping(s.key),
                        reading.anchors.get(s.key, s.key)) for s in reading.comparison.sections}
    return Entry(slug, reading.name, status, None, None, reading.comparison, None, f"{quote(slug)}/redline.html",
                 notes=reading.notes, assigned=assigned)


# --- what the writers show -------------------------------------------------------------------------------


def _percent(retained: int, total: int, places: int = 0) -> float | None:
    """Share retained, rounded down so that anything short of all never reads 100%."""
    if total <= 0:
        return None
    scale = 10 ** places
    return (100 * scale * retained // total) / scale


def pct_text(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:g}%"


@dataclass(frozen=True)
class Cell:
    """One provision in one jurisdiction."""

    kind: CellKind
    href: str | None
    model_words: int = 0
    retained_words: int = 0
    changes: tuple[str, ...] = ()  # parameter changes that touch this provision, in words
    confidence: float | None = None  # how sure the assignment of an adopted text's paragraphs is (0 to 1)
    mapped: bool = False             # the user's mapping file set it

    @property
    def retained(self) -> float | None:
        return _percent(self.retained_words, self.model_words)

    @property
    def text(self) -> str:
        """The cell in words: "kept", "modified, 97% retained", "reworded, 4% retained, confidence 0.7", ..."""
        if self.kind == "absent":
            return NO_VALUE
        share = f", {pct_text(self.retained)} retained" if self.kind in ("modified", "reworded", "moved", "folded") \
            else ""
        sure = f", confidence {self.confidence:g}" if self.confidence is not None and self.kind != "kept" else ""
        return self.kind + share + sure + (", by your mapping" if self.mapped else "")


ABSENT = Cell("absent", None)


@dataclass(frozen=True)
class Column:
    """One jurisdiction: status, dates and how much of the model's text it keeps."""

    slug: str
    name: str
    status: str
    introduced: str | None
    adopted: str | None
    link: str
    model_words: int
    retained_words: int
    changes: tuple[str, ...]  # every parameter that departs from the model, in words
    has_values: bool
    notes: tuple[str, ...] = ()
    source: str | None = None  # relative href of the YAML file of the same jurisdiction, for an adopted text

    @property
    def retained(self) -> float | None:
        return _percent(self.retained_words, self.model_words, 1)


@dataclass(frozen=True)
class Value:
    """One jurisdiction's value of a parameter, and whether (and how) it departs from the model."""

    text: str
    departure: bool = False
    change: str | None = None  # "ICE → ICE, CBP, ORR"


@dataclass(frozen=True)
class ColumnData:
    """Everything the writers show of one jurisdiction: its heading, its cells by row key (a provision id or
    "added:<title>"; absent ones left out), the titles of its added sections, its parameter values."""

    column: Column
    cells: dict[str, Cell]
    added: dict[str, str]  # row key -> section title, in the order the sections come
    values: tuple[Value, ...]


def format_value(value: Any, *, money: bool = False, unset: str | None = None) -> str:
    """A parameter value in words: "$5,000", "ICE, CBP, ORR", "yes"/"no"."""
    if value is None:
        return unset or NO_VALUE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(format_value(v, money=money) for v in value) or NO_VALUE
    if isinstance(value, int) and money:
        return f"${value:,}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def formatter(p: Parameter, model: Model):
    unset = (rule_at(model.schema, p.path) or {}).get("meta", {}).get("unset")
    return lambda value: format_value(value, money=p.money, unset=unset)


def value_of(p: Parameter, e: Entry, model: Model, canonical: Jurisdiction) -> Value:
    if e.values is None:
        return Value(NO_VALUE)
    if why := not_in_effect(p, e.values, model):  # only values in effect are shown, or counted as departures
        return Value(f"{NO_VALUE} (not in effect: {why})")
    fmt, ours, theirs = formatter(p, model), get(canonical.data, p.path), get(e.values, p.path)
    if ours == theirs or (isinstance(ours, str) and PLACEHOLDER.match(ours)):  # a blank the model leaves to fill
        return Value(fmt(theirs))
    return Value(fmt(theirs), True, f"{fmt(ours)} {ARROW} {fmt(theirs)}")


def _changes(e: Entry, values: tuple[Value, ...], model: Model, key: str | None = None) -> tuple[str, ...]:
    """The entry's parameter departures in words; with `key`, only those that change that section."""
    return tuple(f"{p.label}: {v.change}" for p, v in zip(model.parameters, values)
                 if v.departure and (key is None or key in e.effects.get(".".join(p.path), ())))


def sections(e: Entry) -> list[SectionChange]:
    return [s for s in e.comparison.sections if not s.moved_from]


def _href(e: Entry, key: str) -> str:
    return f"{e.link}#prov-{quote(WHITESPACE.sub('_', key), safe='')}"


def _cell(e: Entry, s: SectionChange, values: tuple[Value, ...], model: Model) -> Cell:
    kind = "folded" if s.folded_into and s.key not in e.assigned else SECTION_KIND[s.kind]  # an adopted text's
    # regrouped provision is told by how it was found (reworded, with its confidence), not by where it sits
    confidence, mapped, anchor = e.assigned.get(s.key, (None, False, s.key))
    if kind == "modified" and s.key in e.assigned and 2 * s.retained_words < s.model_words:
        kind = "reworded"
    changes = () if kind == "kept" else _changes(e, values, model, s.key)
    return Cell(kind, _href(e, anchor), s.model_words, s.retained_words, changes, confidence, mapped)


def title_key(title: str) -> str:
    """The row of an added section: its title, without the number an act section's heading may carry
    ("SECTION 4. Records" and "SECTION 5. Records" are one row)."""
    return "added:" + " ".join(ACT_NUMBER.sub("", title).split()).casefold()


def column_of(e: Entry, model: Model, canonical: Jurisdiction) -> ColumnData:
    """One entry as the writers show it: a cell for each provision it has, and for the first of its added
    sections of each title."""
    values = tuple(value_of(p, e, model, canonical) for p in model.parameters)
    provisions = {p.id for p in model.provisions}
    cells: dict[str, Cell] = {}
    added: dict[str, str] = {}
    for s in sections(e):
        if s.key in provisions:  # the last section of that key, as a lookup by key finds it
            cells[s.key] = _cell(e, s, values, model)
        elif s.kind == "added" and (key := title_key(s.title)) not in added:
            added[key] = s.title.strip()
            cells[key] = _cell(e, s, values, model)
    found = sections(e)
    column = Column(e.slug, e.name, e.status, e.introduced.isoformat() if e.introduced else None,
                    e.adopted.isoformat() if e.adopted else None, e.link, sum(s.model_words for s in found),
                    sum(s.retained_words for s in found), _changes(e, values, model), e.values is not None,
                    e.notes, e.source)
    return ColumnData(column, cells, added, values)
