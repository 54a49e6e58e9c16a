"""Make drawn jurisdiction data sensible (issue 13, item 4): what draftkit.sense refuses, repaired.

The property strategies (strategies.py) draw text, dates and amendments freely; `sensible` then gives every
required text a visible value, takes direction controls out of all text and invisible characters out of
names, renames look-alike members, keeps every date on or before adoption and the revision date within
Word's years, makes the report's month-day one that comes every year, and makes amendments consistent.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from typing import Any

from draftkit.bounds import text_limit
from draftkit.context import paragraphs
from draftkit.docx_text import NUMBERED
from draftkit.model import Model, get
from draftkit.sense import DIRECTION_CONTROLS, NAME_LIMIT, REVISION_YEARS

FIRST_DAY, LAST_DAY = date(REVISION_YEARS[0], 1, 1), date(REVISION_YEARS[1], 12, 31)


def norm(text: str) -> str:
    return " ".join(text.casefold().split())


def clean(text: str, *, name: bool) -> str:
    """Text without direction controls, and for a name without invisible (format) characters."""
    return "".join(c for c in text if c not in DIRECTION_CONTROLS and not (name and unicodedata.category(c) == "Cf"))


def _rule(schema: dict, path: tuple) -> dict:
    rule: dict = {"type": "dict", "schema": schema}
    for part in path:
        inner = rule.get("schema") or {}
        rule = (inner if isinstance(part, int) else inner.get(part)) or {}
    return rule


def _texts(data: Any, schema: dict, path: tuple = ()) -> Any:
    if isinstance(data, dict):
        return {k: _texts(v, schema, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        return [_texts(v, schema, path + (i,)) for i, v in enumerate(data)]
    if isinstance(data, str):
        fixed = clean(data, name=text_limit(_rule(schema, path)) <= NAME_LIMIT)
        return fixed if fixed.strip() else "x"
    return data


def _members(data: dict, model: Model) -> None:
    """Members renamed so that no two read alike; sponsors and votes follow."""
    members_path, sponsors_path, vote_path = (model.role("adoption", r) for r in ("members", "sponsors", "vote"))
    renamed, used = {}, set()
    for name in get(data, members_path):
        new = clean(name, name=True)[:70].strip() or "x"
        while norm(new) in used:
            new += "'"
        used.add(norm(new))
        renamed[name] = new
    get(data, members_path[:-1])[members_path[-1]] = [renamed[m] for m in get(data, members_path)]
    get(data, sponsors_path[:-1])[sponsors_path[-1]] = [renamed[m] for m in get(data, sponsors_path)]
    vote = get(data, vote_path)
    for group, names in (vote or {}).items():
        vote[group] = [renamed[n] for n in names]


def _dates(data: dict, model: Model) -> None:
    """Adoption on a day Word can date; every other date on or before it; the revision date within Word's years."""
    role = {r: model.role("adoption", r) for r in ("introduced", "adopted", "effective")}
    adopted = get(data, role["adopted"])
    if isinstance(adopted, date) and adopted < FIRST_DAY:
        shift = FIRST_DAY - adopted
        for path in role.values():
            if isinstance(get(data, path), date):
                get(data, path[:-1])[path[-1]] = get(data, path) + shift
        adopted = FIRST_DAY
    for group, fields in data.items():
        for key, value in (fields.items() if isinstance(fields, dict) else ()):
            if isinstance(value, date) and (group, key) not in role.values() and adopted and value > adopted:
                fields[key] = adopted
    revision = model.role("revision", "date")
    day = get(data, revision)
    get(data, revision[:-1])[revision[-1]] = min(max(day, FIRST_DAY), adopted or LAST_DAY, LAST_DAY)


def _report_due(value: str) -> str:
    month, day = value.rsplit(" ", 1)
    number = list(calendar.month_name).index(month)
    return f"{month} {min(int(day), calendar.monthrange(2001, number)[1])}"


def _amendment_text(text: str, chapter: Any) -> str:
    text = text.replace("[[", "[ [")
    if isinstance(chapter, str) and chapter:
        text = re.sub(rf"(?<![\w.]){re.escape(chapter)}\.(?=\d)", chapter + ". ", text)
    return "\n\n".join(("Note: " + p) if NUMBERED.match(p) else p for p in paragraphs(text)) or "x"


def _amendments(data: dict, model: Model) -> None:
    """No section replaced or retitled twice, no two added sections of one title, no amendment repeated,
    no paragraph that reads as a heading, no reference or typed section number."""
    chapter = get(data, model.role("numbering", "chapter"))
    seen: set = set()
    for item in data.get(model.roles.get("amendments") or "") or []:
        item["text"] = _amendment_text(item["text"], chapter)
        if "title" in item:
            item["title"] = _amendment_text(item["title"], chapter).replace("\n\n", " ")[:200]
        provision, action = item["provision"], item["action"]
        if action == "replace" and ("replace", provision) in seen:
            item["action"] = action = "append"
        if "title" in item and action != "add_after" and ("title", provision) in seen:
            del item["title"]
        while action == "add_after" and ("added", norm(item["title"])) in seen:
            item["title"] = item["title"][:190] + " (more)"
        while (provision, action, norm(item.get("title", "")), norm(item["text"])) in seen:
            item["text"] += " Again."
        seen |= {(action, provision) if action == "replace" else None,
                 ("title", provision) if "title" in item and action != "add_after" else None,
                 ("added", norm(item["title"])) if action == "add_after" else None,
                 (provision, action, norm(item.get("title", "")), norm(item["text"]))}


def sensible(data: dict, model: Model) -> dict:
    """The drawn data with what draftkit.sense refuses repaired (changed in place, and returned)."""
    _members(data, model)
    data.update(_texts(data, model.schema))
    _dates(data, model)
    policy_due = ("policy", "report_due")
    due = get(data, policy_due)
    if isinstance(due, str) and re.fullmatch(r"[A-Z][a-z]+ \d+", due):
        data["policy"]["report_due"] = _report_due(due)
    _amendments(data, model)
    return data
