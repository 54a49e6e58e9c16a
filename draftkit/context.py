"""From a validated jurisdiction to the template context: section plan, numbers and derived values."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from . import adoption
from .filters import Fields
from .jurisdiction import Jurisdiction
from .model import Model, get


@dataclass(frozen=True)
class PlannedSection:
    """A section as it will appear: a model provision, or a section a local amendment adds."""

    key: str
    label: str
    number: str | None
    added: bool = False
    title: str | None = None          # a new title (retitled or added section)
    replace: tuple[str, ...] = ()     # paragraphs replacing the model's text
    append: tuple[str, ...] = ()      # paragraphs appended to it
    after: str | None = None          # for an added section: the section it follows
    part: str = "code"                # "code": in the new chapter; "act": a section of the ordinance itself
    into: str | None = None           # folded: the section whose text it continues (its number is that one's)


@dataclass(frozen=True)
class Plan:
    sections: tuple[PlannedSection, ...]

    def get(self, key: str) -> PlannedSection | None:
        return next((s for s in self.sections if s.key == key), None)


def paragraphs(text: str) -> tuple[str, ...]:
    """Split amendment text into paragraphs at blank lines, joining wrapped lines."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in text.strip().split("\n\n")]
    return tuple(b for b in blocks if b)


def _number(chapter: Any, n: int, step: int, first: int | None = None) -> str:
    return f"{chapter}.{(first if first is not None else step) + (n - 1) * step:03d}"


class _Numbers:
    """Two sequences: code sections numbered from the chapter (13.105.010, .020, ...; or from the first
    number a jurisdiction's code gives its chapter, as Palo Alto's 2.30.620), act sections 1, 2, ..."""

    def __init__(self, chapter: Any, step: int, first: int | None = None):
        self.chapter, self.step, self.first, self.count = chapter, step, first, {"code": 0, "act": 0}

    def next(self, part: str) -> str:
        self.count[part] += 1
        n = self.count[part]
        return str(n) if part == "act" else _number(self.chapter, n, self.step, self.first)


def _holder(planned: list[PlannedSection], part: str) -> PlannedSection | None:
    """The section a provision of `part` may fold into: the one just before it, numbered and of the same part."""
    before = planned[-1] if planned else None
    return before if before is not None and before.number and before.part == part else None


def plan_sections(j: Jurisdiction, model: Model) -> Plan:
    """Which sections the draft has, in order, with their numbers after renumbering.

    A provision folded (`action: fold`) is no section of its own: its text continues the section before it,
    whose number it takes (for references to it), and the sections after it renumber. A fold the rules
    refuse (the first section of its part, an unnumbered one...) is planned as a section of its own."""
    amendments = [a for a in (j.data.get(model.roles.get("amendments") or "") or [])]
    chapter = get(j.data, model.role("numbering", "chapter"))
    first = get(j.data, model.role("numbering", "first"))
    numbers = _Numbers(chapter, int(model.roles.get("numbering", {}).get("step", 10)),
                       first if isinstance(first, int) and not isinstance(first, bool) else None)
    planned: list[PlannedSection] = []
    for provision in model.provisions:
        if provision.when and get(j.data, tuple(provision.when.split("."))) is not True:
            continue
        own = [a for a in amendments if a["provision"] == provision.id]
        replace = tuple(p for a in own if a["action"] == "replace" for p in paragraphs(a["text"]))
        append = tuple(p for a in own if a["action"] == "append" for p in paragraphs(a["text"]))
        title = next((a["title"] for a in own if a["action"] not in ("add_after", "fold") and a.get("title")), None)
        holder = _holder(planned, provision.part) if any(a["action"] == "fold" for a in own) else None
        if holder is not None and provision.numbered and not provision.adds_code:
            planned.append(PlannedSection(provision.id, provision.label, holder.number, replace=replace, append=append,
                                          part=provision.part, into=holder.into or holder.key))
        else:
            number = numbers.next(provision.part) if provision.numbered else None
            planned.append(PlannedSection(provision.id, provision.label, number, title=title, replace=replace,
                                          append=append, part=provision.part))
        for a in (a for a in own if a["action"] == "add_after"):
            key = f"local_{sum(s.added for s in planned) + 1}"
            planned.append(PlannedSection(key, a["title"], numbers.next(provision.part), added=True,
                                          title=a["title"], replace=paragraphs(a["text"]), after=provision.id,
                                          part=provision.part))
    return Plan(tuple(planned))


def _wrap(name: str, value: Any) -> Any:
    if isinstance(value, dict):
        return Fields(name, {k: _wrap(f"{name}.{k}", v) for k, v in value.items()})
    if isinstance(value, list):
        return [_wrap(f"{name}[{i}]", v) for i, v in enumerate(value)]
    return value


def effective_date(j: Jurisdiction, model: Model) -> date | None:
    """The given effective date, or the one the law gives: N days after adoption, or at once if urgent."""
    given = get(j.data, model.role("adoption", "effective"))
    return given if given is not None else adoption.computed_effective(model, j.data)


def _set(data: dict, path: tuple[str, ...] | None, value: Any) -> dict:
    if not path:
        return data
    head, *rest = path
    inner = data.get(head) if isinstance(data.get(head), dict) else {}
    return {**data, head: _set(inner, tuple(rest), value) if rest else value}


def _local(plan: Plan, model: Model) -> Fields:
    """Per provision: how this draft changes its text locally (replaced, appended, retitled) and the local
    paragraphs, so the staff report describes a changed provision from its local text."""
    out = {}
    for p in model.provisions:
        s = plan.get(p.id)
        out[p.id] = Fields(f"local.{p.id}", {
            "replaced": bool(s and s.replace), "appended": bool(s and s.append), "changed": bool(s and (
                s.replace or s.append or s.title)), "paragraphs": list(s.replace + s.append) if s else [],
            "title": (s.title or s.label) if s else p.label, "number": s.number if s else None,
            "folded": bool(s and s.into)})
    return Fields("local", out)


def _added(plan: Plan) -> list[Fields]:
    return [Fields(f"added[{i}]", {"number": s.number, "title": s.title or s.label, "paragraphs": list(s.replace),
                                   "part": s.part})
            for i, s in enumerate(s for s in plan.sections if s.added)]


def _votes(j: Jurisdiction, model: Model) -> Fields:
    """The vote rules in words ("at least four-fifths of"), as the ordinance states them."""
    rules = {which: adoption.vote_rule(model, j.data, urgency=which == "urgency") for which in ("ordinary", "urgency")}
    return Fields("votes", {which: rule.words if rule else "" for which, rule in rules.items()})


def _report(j: Jurisdiction, model: Model) -> Fields:
    """What the staff report may say, seen from its own date: its step in adoption and the history it
    may recount; which adoption events had happened by then."""
    data = j.data
    introduced, adopted = (get(data, model.role("adoption", r)) for r in ("introduced", "adopted"))
    meeting = get(data, model.role("adoption", "report_meeting"))
    least = int(adoption.setting(model, "min_days_between_readings", 0))
    second = meeting + timedelta(days=least) if isinstance(meeting, date) and (date.max - meeting).days >= least \
        else None  # no calendar day to name (the last days of 9999): the report says it in words
    return Fields("report", {
        "phase": adoption.report_phase(model, data),
        "introduced_known": adoption.known_by(model, data, introduced),
        "adopted_known": adoption.known_by(model, data, adopted),
        "earliest_second_reading": second, "min_days": least,
        "history": adoption.recounted(model, data),
    })


def build_context(j: Jurisdiction, model: Model, plan: Plan, departures: Iterable[Any] = ()) -> dict[str, Any]:
    """The values a template sees: the jurisdiction's fields plus the derived values in DERIVED."""
    data = _set(dict(j.data), model.role("adoption", "effective"), effective_date(j, model))
    context = {k: _wrap(k, v) for k, v in data.items()}
    included = {s.key for s in plan.sections}
    context["sec"] = Fields("sec", {s.key: s.number for s in plan.sections if s.number and not s.added})
    context["include"] = Fields("include", {p.id: p.id in included for p in model.provisions})
    context["model"] = Fields("model", {"name": model.name, "version": model.version})
    context["departures"] = list(departures)
    context["law"] = Fields("law", {**adoption.law(model, j.data), "effective_days": adoption.effective_after(model)})
    context["votes"] = _votes(j, model)
    context["report"] = _report(j, model)
    context["local"] = _local(plan, model)
    context["added"] = _added(plan)
    return context


DERIVED = ("sec", "include", "model", "departures", "law", "votes", "report", "local", "added")
