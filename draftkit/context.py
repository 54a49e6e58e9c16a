"""From a validated jurisdiction to the template context: section plan, numbers and derived values."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .jurisdiction import Jurisdiction
from .model import Model, get
from .render import Fields


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


@dataclass(frozen=True)
class Plan:
    sections: tuple[PlannedSection, ...]

    def get(self, key: str) -> PlannedSection | None:
        return next((s for s in self.sections if s.key == key), None)


def paragraphs(text: str) -> tuple[str, ...]:
    """Split amendment text into paragraphs at blank lines, joining wrapped lines."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in text.strip().split("\n\n")]
    return tuple(b for b in blocks if b)


def _number(chapter: Any, n: int, step: int) -> str:
    return f"{chapter}.{n * step:03d}"


def plan_sections(j: Jurisdiction, model: Model) -> Plan:
    """Which sections the draft has, in order, with their numbers after renumbering."""
    amendments = [a for a in (j.data.get(model.roles.get("amendments") or "") or [])]
    chapter = get(j.data, model.role("numbering", "chapter"))
    step = int(model.roles.get("numbering", {}).get("step", 10))
    planned, n = [], 0
    for provision in model.provisions:
        if provision.when and get(j.data, tuple(provision.when.split("."))) is not True:
            continue
        own = [a for a in amendments if a["provision"] == provision.id]
        n += provision.numbered
        replace = tuple(p for a in own if a["action"] == "replace" for p in paragraphs(a["text"]))
        append = tuple(p for a in own if a["action"] == "append" for p in paragraphs(a["text"]))
        title = next((a["title"] for a in own if a["action"] != "add_after" and a.get("title")), None)
        planned.append(PlannedSection(provision.id, provision.label,
                                      _number(chapter, n, step) if provision.numbered else None,
                                      title=title, replace=replace, append=append))
        for a in (a for a in own if a["action"] == "add_after"):
            n += 1
            key = f"local_{sum(s.added for s in planned) + 1}"
            planned.append(PlannedSection(key, a["title"], _number(chapter, n, step), added=True,
                                          title=a["title"], replace=paragraphs(a["text"]), after=provision.id))
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
    adopted = get(j.data, model.role("adoption", "adopted"))
    if given is not None or not isinstance(adopted, date):
        return given
    if get(j.data, model.role("adoption", "urgency")) is True:
        return adopted
    return adopted + timedelta(days=int(model.roles["adoption"].get("effective_after_days", 30)))


def _set(data: dict, path: tuple[str, ...] | None, value: Any) -> dict:
    if not path:
        return data
    head, *rest = path
    inner = data.get(head) if isinstance(data.get(head), dict) else {}
    return {**data, head: _set(inner, tuple(rest), value) if rest else value}


def build_context(j: Jurisdiction, model: Model, plan: Plan, departures: Iterable[Any] = ()) -> dict[str, Any]:
    """The values a template sees: the jurisdiction's fields plus sec, include, model and departures."""
    data = _set(dict(j.data), model.role("adoption", "effective"), effective_date(j, model))
    context = {k: _wrap(k, v) for k, v in data.items()}
    included = {s.key for s in plan.sections}
    context["sec"] = Fields("sec", {s.key: s.number for s in plan.sections if s.number and not s.added})
    context["include"] = Fields("include", {p.id: p.id in included for p in model.provisions})
    context["model"] = Fields("model", {"name": model.name, "version": model.version})
    context["departures"] = list(departures)
    return context


DERIVED = ("sec", "include", "model", "departures")
