"""Values that pass the schema yet make no sense in an ordinance: each a located problem (issue 13, item 4).

Blank text where text is required, direction controls and invisible characters in names, duplicates in
lists, month-days that never come, dates in the wrong order across the file, revision dates Word cannot
record, amendments that repeat or contradict one another, and amendment paragraphs that would read as a
section heading. Like the adoption rules, these name no field of the model: they follow the schema and
model.yaml's roles.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Any

from .bounds import text_limit
from .context import paragraphs
from .document import NUMBERED
from .errors import Problem
from .model import Model, get, rule_at
from .references import REFERENCE, amendment_items, reference_problems
from .yamlsource import Path_, Source, clip, dotted

NAME_LIMIT = 200  # a text field allowed at most this many characters is a name or a label, not prose
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
MONTH_DAY = re.compile(r"^(?P<month>[A-Z][a-z]{2,8}) (?P<day>\d{1,2})$")
# Word keeps the date of a tracked change as a DTTM ([MS-DOC] 2.9.65): the year is 9 bits from 1900.
REVISION_YEARS = (1900, 2411)
ADOPTION_DATES = ("introduced", "adopted", "effective")


def _hint(rule: dict) -> str:
    meta = rule.get("meta", {})
    return f" ({meta['help']})" if meta.get("help") else ""


def _strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _strings(v, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _character(text: str) -> str:
    code = ord(text)
    return f"U+{code:04X} ({unicodedata.name(text, 'unnamed')})"


def _text_problem(text: str, rule: dict) -> str | None:
    """What makes no sense in one text value, or None."""
    if not text and rule.get("minlength", 0) >= 1:
        return None  # the schema says it "must not be empty"
    if not text.strip():
        empty = " or leave it empty (null)" if rule.get("nullable") else ""
        return f"is blank; write the value{empty}{_hint(rule)}"
    control = next((c for c in text if c in DIRECTION_CONTROLS), None)
    if control:
        return (f"contains the direction control {_character(control)}, which makes the text show in another order "
                "than it is compared and printed; remove it (Word sets the direction of right-to-left text itself)")
    if text_limit(rule) <= NAME_LIMIT:
        hidden = next((c for c in text if unicodedata.category(c) == "Cf"), None)
        if hidden:
            return f"contains the invisible character {_character(hidden)}; a name shows only what it says: remove it"
    found = MONTH_DAY.match(text)
    if found and found["month"] in MONTHS:
        month, day = MONTHS[found["month"]], int(found["day"])
        if day == 29 and month == 2:
            return "February 29 comes only in leap years; choose February 28 or March 1"
        if day > calendar.monthrange(2001, month)[1]:
            return f"{found['month']} has only {calendar.monthrange(2001, month)[1]} days; {text!r} never comes"
    return None


def text_problems(source: Source, schema: dict, data: Any) -> list[Problem]:
    """Blank text, direction controls, invisible characters in names and impossible month-days."""
    problems = []
    for path, text in _strings(data):
        rule = rule_at(schema, path) or {}
        if rule.get("type") == "string" and (message := _text_problem(text, rule)):
            problems.append(source.problem(path, message))
    return problems


def _same(value: Any) -> Any:
    return " ".join(value.casefold().split()) if isinstance(value, str) else (type(value), value)


def _duplicates(source: Source, data: Any, path: Path_ = ()) -> Iterator[Problem]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _duplicates(source, v, path + (k,))
    elif isinstance(data, list):
        first: dict[Any, int] = {}
        for i, v in enumerate(data):
            if isinstance(v, (dict, list)):
                yield from _duplicates(source, v, path + (i,))
            elif (key := _same(v)) in first:
                mark = source.mark(path + (first[key],))
                where = f" on line {mark.line}" if mark else ""
                yield source.problem(path + (i,), f"{clip(v)} is listed twice (first as {dotted(path + (first[key],))}"
                                                  f"{where}); list it once")
            else:
                first[key] = i


def list_problems(source: Source, data: Any) -> list[Problem]:
    """The same value twice in one list ("ICE, ICE and ICE", a sponsor named twice)."""
    return list(_duplicates(source, data))


def _fmt(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _dates(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, date]]:
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _dates(v, path + (k,))
    elif type(data) is date:
        yield path, data


def _date_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    """No date in the file comes after final passage (except a field the schema marks `after_adoption`: a date
    the ordinance sets for later); the revision date is one Word can record."""
    own = {model.role("adoption", name) for name in ADOPTION_DATES} - {None}
    adopted = get(data, model.role("adoption", "adopted"))
    introduced = get(data, model.role("adoption", "introduced"))
    if type(introduced) is date and type(adopted) is date and adopted < introduced:
        adopted = None  # the adoption rules report the adoption date itself
    revision = model.role("revision", "date")
    problems, day = [], get(data, revision)
    if type(day) is date and not REVISION_YEARS[0] <= day.year <= REVISION_YEARS[1]:
        problems.append(source.problem(revision, f"{_fmt(day)} cannot date the redline's tracked changes: Word "
                                       f"records them only for the years {REVISION_YEARS[0]} to {REVISION_YEARS[1]}"))
    for path, day in _dates(data):
        later = ((rule_at(model.schema, path) or {}).get("meta") or {}).get("after_adoption")  # a date the ordinance
        # sets for later (an operative date, a deadline), not a record of what happened
        if type(adopted) is date and path not in own and day > adopted and not later:
            problems.append(source.problem(path, f"this date ({_fmt(day)}) comes after the ordinance was adopted "
                                           f"({_fmt(adopted)}); nothing this file records can be later than final "
                                           "passage: check the dates"))
    return problems


def _first(source: Source, field: str, i: int, part: str) -> str:
    mark = source.mark((field, i, part))
    return f"{field}[{i}]" + (f" (line {mark.line})" if mark else "")


def _amendment_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    """Amendments that repeat one another, replace or retitle a section twice, add two sections of one title,
    or hold a paragraph that would read as a section heading."""
    field, problems = model.roles.get("amendments"), []
    seen: dict[tuple, int] = {}
    for i, a in amendment_items(data, model):
        provision, action, title, text = (a.get(k) for k in ("provision", "action", "title", "text"))
        if not all(isinstance(v, str) for v in (provision, action, text)):
            continue
        checks = (((provision, action, _same(title), _same(text)), "text", "repeats {first}; remove one"),
                  (("replace", provision) if action == "replace" else None, "action",
                   "{first} already replaces this section; put both texts in one replace"),
                  (("title", provision) if isinstance(title, str) and action != "add_after" else None, "title",
                   "{first} already retitles this section; give it one title"),
                  (("added", _same(title)) if isinstance(title, str) and action == "add_after" else None, "title",
                   "{first} already adds a section of this title; give each added section its own"))
        for key, part, what in checks:
            if key is not None and key in seen:
                problems.append(source.problem((field, i, part), what.format(first=_first(source, field, seen[key],
                                                                                          part))))
            elif key is not None:
                seen[key] = i
        for n, paragraph in enumerate(paragraphs(text), 1):
            if NUMBERED.match(REFERENCE.sub("1.1", paragraph)):  # a reference reads as a number
                problems.append(source.problem((field, i, "text"), f"paragraph {n} begins with a section number "
                                               f"({clip(paragraph, 40)}), so it would read as the heading of a new "
                                               "section; begin it with words (e.g. \"Under section ...\")"))
    return problems


def cross_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    """Dates out of order, revision dates Word cannot record, and amendments that make no sense together."""
    return (_date_problems(source, data, model) + _amendment_problems(source, data, model)
            + reference_problems(source, data, model))
