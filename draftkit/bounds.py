"""Bound the work of validation: before the schema validator runs, unknown fields are reported and set aside,
and lists and texts longer than their limits are reported and cut to them.

Cerberus keeps its errors sorted as it adds each one (quadratic in their number) and runs a field's regex
on the whole text, so without this a file of 10,000 unknown keys or a long crafted e-mail address keeps it
busy for minutes. Every list and text has a limit: the schema's `maxlength`, or else a default.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem
from .yamlsource import Path_, Source

DEFAULT_MAX_TEXT = 200   # characters, for a text field whose schema gives no maxlength (a name, an address)
DEFAULT_MAX_ITEMS = 100  # items, for a list whose schema gives no maxlength
MAX_HINTS = 200          # unknown fields given a "did you mean" (each costs a fuzzy match against the known)


@dataclass
class Bounded:
    """The data as the schema validator may see it, the problems found on the way, and whether a list was cut."""

    data: Any
    problems: list[Problem] = field(default_factory=list)
    cut_list: bool = False
    hints: int = 0


def text_limit(rule: dict) -> int:
    """The most characters a text field may hold."""
    limit = rule.get("maxlength")
    return limit if isinstance(limit, int) else DEFAULT_MAX_TEXT


def item_limit(rule: dict) -> int:
    """The most items a list field may hold."""
    limit = rule.get("maxlength")
    return limit if isinstance(limit, int) else DEFAULT_MAX_ITEMS


def unknown_field(known: list[str], key: str, *, hint: bool = True) -> str:
    """The message for a field the schema does not have, with the closest known name when asked."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6) if hint else []
    return f"unknown field; did you mean '{close[0]}'?" if close else f"unknown field; expected one of: " \
                                                                      f"{', '.join(known)}"


def too_long(count: int, limit: int, unit: str) -> str:
    return f"is too long: {count:,} {unit}; the limit is {limit:,}"


def bound(source: Source, schema: dict, data: Any) -> Bounded:
    """Walk the data along the schema: report unknown fields and over-long lists and texts, and return the data
    without them (lists and texts cut to their limits) for the schema validator."""
    found = Bounded(None)
    found.data = _walk(source, {"type": "dict", "schema": schema}, data, (), found)
    return found


def _walk(source: Source, rule: dict, value: Any, path: Path_, found: Bounded) -> Any:
    kind, inner = rule.get("type"), rule.get("schema")
    if kind == "dict" and isinstance(value, dict) and isinstance(inner, dict):
        return _mapping(source, inner, value, path, found)
    if kind == "list" and isinstance(value, list):
        limit = item_limit(rule)
        if len(value) > limit:
            found.problems.append(source.problem(path, too_long(len(value), limit, "items")))
            found.cut_list, value = True, value[:limit]
        item = inner if isinstance(inner, dict) else {}
        return [_walk(source, item, v, path + (i,), found) for i, v in enumerate(value)]
    if kind == "string" and isinstance(value, str) and len(value) > text_limit(rule):
        found.problems.append(source.problem(path, too_long(len(value), text_limit(rule), "characters")))
        return value[:text_limit(rule)]
    return value


def _mapping(source: Source, schema: dict, value: dict, path: Path_, found: Bounded) -> dict:
    kept = {}
    for key, item in value.items():
        if key in schema:
            kept[key] = _walk(source, schema[key], item, path + (key,), found)
            continue
        found.hints += 1
        message = unknown_field(list(schema), str(key), hint=found.hints <= MAX_HINTS)
        found.problems.append(source.problem(path + (key,), message, key=True))
    return kept
