"""Load a jurisdiction file, validate it against the model's schema and rules, and freeze it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import yamlsource
from .bounds import bound, unknown_field
from .errors import InvalidInput, Problem
from .model import Model, get, rule_at
from .validator import validator_for
from .yamlsource import Path_, Source, clip, shown

FILL_MARKER = "[FILL IN"
PLACEHOLDER = re.compile(r"^\[[^\]\n]+\]$")
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
# Names Windows reserves for devices: an output folder so named cannot be opened there.
RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)
BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TYPE_WORDS = {"string": "text", "integer": "a whole number", "boolean": "true or false",
              "date": "a date written YYYY-MM-DD", "list": "a list", "dict": "a group of fields"}


@dataclass(frozen=True)
class Jurisdiction:
    """A validated jurisdiction: its file, its slug (the file's stem) and its field values."""

    path: Path
    slug: str
    data: dict
    placeholders: bool = False  # True for the canonical model's bracketed values


def _stand_ins(schema: dict, data: Any, path: Path_ = ()) -> Any:
    """For the model's own values: a bracketed placeholder ("[amount]") stands for a value of whatever the
    field expects (a date, a number, one of a choice's values), so the blank checks as filled in."""
    if isinstance(data, dict):
        return {k: _stand_ins(schema, v, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        return [_stand_ins(schema, v, path + (i,)) for i, v in enumerate(data)]
    rule = rule_at(schema, path) or {}
    if not (isinstance(data, str) and PLACEHOLDER.match(data)):
        return data
    if rule.get("allowed"):
        return rule["allowed"][0]
    kind = rule.get("type")
    if kind == "date":
        return date.min
    if kind in ("integer", "number"):
        return rule.get("min", 0) if isinstance(rule.get("min"), int) else 0
    if kind == "boolean":
        return False
    return data


def _words(rule: dict) -> str:
    kind = rule.get("type", "")
    return TYPE_WORDS.get(kind, kind)


def _help(rule: dict) -> str:
    meta = rule.get("meta", {})
    hint = meta.get("help", "")
    if "example" in meta and not hint:
        hint = f"for example {meta['example']!r}"
    return f" ({hint})" if hint else ""


def _coerce_text(source: Source, schema: dict, data: Any, path: Path_ = ()) -> Any:
    """Where text is expected, take a plain scalar's own text (so `01234` stays "01234")."""
    rule = rule_at(schema, path) or {}
    if isinstance(data, dict):
        return {k: _coerce_text(source, schema, v, path + (k,)) for k, v in data.items()}
    if isinstance(data, list):
        return [_coerce_text(source, schema, v, path + (i,)) for i, v in enumerate(data)]
    if rule.get("type") == "string" and not isinstance(data, str) and path in source.plain_text:
        return source.plain_text[path]
    return data


def _bad_characters(source: Source, data: Any, path: Path_ = ()) -> list[Problem]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _bad_characters(source, v, path + (k,))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _bad_characters(source, v, path + (i,))]
    if isinstance(data, str) and (found := BAD_CHARS.search(data)):
        code = ord(found.group())
        kind = ("a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a noncharacter" if code >= 0xFFFE
                else "the control character")
        return [source.problem(path, f"contains {kind} U+{code:04X}, which a Word document cannot hold; remove it")]
    return []


def _fill_markers(source: Source, schema: dict, data: Any, path: Path_ = ()) -> list[Problem]:
    """Values `draft new` left for the clerk ("[FILL IN: ...]")."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _fill_markers(source, schema, v, path + (k,))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _fill_markers(source, schema, v, path + (i,))]
    if isinstance(data, str) and data.startswith(FILL_MARKER):
        rule = rule_at(schema, path) or rule_at(schema, path[:-1]) or {}
        return [source.problem(path, f"fill in this value{_help(rule)}")]
    return []


def _absent_as_null(schema: dict, data: Any) -> Any:
    """Fields that may be null read as null when left out, as the templates expect."""
    if not isinstance(data, dict):
        return data
    given = {k: _absent_as_null(schema[k].get("schema") or {}, v) if schema.get(k, {}).get("type") == "dict" else v
             for k, v in data.items()}
    return {**given, **{k: None for k, rule in schema.items() if rule.get("nullable") and k not in data}}


def _leaf_errors(errors):
    for error in errors:
        if error.is_group_error:
            yield from _leaf_errors(error.child_errors)
        else:
            yield error


def _shown(value: Any) -> str:
    """A wrong value as a message shows it: lists and groups by kind, long text cut short."""
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a group of fields"
    if isinstance(value, datetime):
        return f"{value.isoformat(sep=' ')} (a date with a time)"
    return clip(value)


def _message(error, schema: dict) -> tuple[str, bool]:
    """A clerk-readable message for one cerberus error, and whether it points at a key (not a value)."""
    path, value = tuple(error.document_path), error.value
    rule = rule_at(schema, path) or {}
    code = error.code
    if code == 0x03:  # bounds.bound sets unknown fields aside first; kept for a schema with its own
        parent = rule_at(schema, path[:-1]) or {}
        return unknown_field(list((parent.get("schema") or {}).keys()), str(path[-1])), True
    if code == 0x02:
        return f"is required{_help(rule)}", True
    if code == 0x23:
        return f"must have a value{_help(rule)}", False
    if code == 0x24 and rule.get("type") == "date" and isinstance(value, str) and ISO_DATE.match(value):
        return f"must be a date, not text; remove the quotes around {value}", False
    if code == 0x24:
        return f"must be {_words(rule)}, not {_shown(value)}{_help(rule)}", False
    if code == 0x44:
        return f"{_shown(value)} is not allowed; expected one of: {', '.join(map(str, error.constraint))}", False
    if code == 0x41:
        return f"{_shown(value)} does not have the expected form{_help(rule)}", False
    if code == 0x42:
        return f"must be at least {error.constraint:,}, not {value:,}", False
    if code == 0x43:
        return f"must be at most {error.constraint:,}, not {value:,}", False
    if code == 0x27 and isinstance(value, str):
        least = error.constraint
        return f"must have at least {least} characters" if least > 1 else "must not be empty", False
    if code == 0x27:
        return f"must have at least {error.constraint} item(s)", False
    if code == 0x28:
        unit = "characters" if isinstance(value, str) else "items"
        return f"is too long: {len(value):,} {unit}; the limit is {error.constraint:,}", False
    if code == 0x22:
        return f"must have a value{_help(rule)}", False
    return f"invalid value {_shown(value)} ({error.rule}: {error.constraint})", False


def _schema_problems(source: Source, data: dict, model: Model, placeholders: bool) -> list[Problem]:
    validator, normalize = validator_for(model.schema)
    validator.validate(_stand_ins(model.schema, data) if placeholders else data, normalize=normalize)
    problems = []
    for error in _leaf_errors(validator._errors):
        message, at_key = _message(error, model.schema)
        problems.append(source.problem(tuple(error.document_path), message, key=at_key))
    return problems


def _added(problems: list[Problem], found: list[Problem], marked: set[str]) -> None:
    """Add to `problems` those found at a field no earlier problem is about."""
    problems += [p for p in found if p.field not in marked]
    marked |= {p.field for p in found}


def _without_model_key(source: Source, model: Model) -> tuple[Any, list[Problem]]:
    """The data without its `model:` key (which model the file is drafted from), and a problem when that key
    names another model than the one it is checked against."""
    from .models import KEY, resolve, same

    data = source.data
    if not isinstance(data, dict) or KEY not in data or KEY in model.schema:
        return data, []
    named, rest = data[KEY], {k: v for k, v in data.items() if k != KEY}
    folder = resolve(named, source.path.parent) if isinstance(named, str) and named.strip() else None
    if folder is None:
        return rest, [source.problem((KEY,), f"{clip(named)} names no model: expected the name of a model draftkit "
                                     "ships (such as ccops) or a model folder relative to this file")]
    if not same(folder, model.folder):
        return rest, [source.problem((KEY,), f"this file is drafted from the model in {folder}, but is being "
                                     f"checked against {model.name} ({model.folder}); check it with "
                                     f"--model {named}, or change `{KEY}:`")]
    return rest, []


def validate_source(source: Source, model: Model, *, placeholders: bool = False) -> Jurisdiction:
    """Check loaded data against the schema, the model's adoption rules and common sense; raise with every
    problem. Section references in amendment text ([[provision id]]) are resolved to section numbers."""
    from .references import with_references_resolved
    from .rules import rule_problems  # the cross-field rules
    from .sense import cross_problems, list_problems, text_problems

    data, named = _without_model_key(source, model)
    data = _coerce_text(source, model.schema, data)
    unreadable = _bad_characters(source, data)
    problems = named + unreadable + _fill_markers(source, model.schema, data)
    marked = {p.field for p in problems}
    bounded = bound(source, model.schema, data)  # unknown fields set aside, long lists and texts cut
    _added(problems, bounded.problems, marked)
    senseless = text_problems(source, model.schema, bounded.data) if not placeholders else []
    _added(problems, senseless, marked)
    _added(problems, _schema_problems(source, bounded.data, model, placeholders), set(marked))
    if not placeholders and not unreadable and not senseless and not bounded.cut_list:  # names compared with a
        # stray character, a blank or a roll cut short would only mislead
        seen = {(p.line, p.field) for p in problems}
        problems += [p for p in rule_problems(source, data, model) if (p.line, p.field) not in seen]
        seen |= {(p.line, p.field) for p in problems}
        for p in list_problems(source, bounded.data) + cross_problems(source, data, model):
            if (p.line, p.field) not in seen:
                problems.append(p)
                seen.add((p.line, p.field))
    slug = source.path.stem
    if not placeholders and (not SLUG.match(slug) or RESERVED.match(slug)):
        problems.insert(0, Problem(source.path, None, None, "", "the file name must be 1-64 letters, digits, "
                                   "'-' or '_', and not a name Windows reserves such as CON or NUL "
                                   "(it names the output folder); rename the file"))
    if problems:
        raise InvalidInput(shown(sorted(problems, key=lambda p: (p.line or 0, p.column or 0))))
    j = Jurisdiction(source.path, slug, _absent_as_null(model.schema, data), placeholders)
    return j if placeholders else with_references_resolved(j, model)


def load_jurisdiction(path: Path, model: Model) -> Jurisdiction:
    """Read and validate one jurisdiction file."""
    return validate_source(yamlsource.load(Path(path)), model)


def load_canonical(model: Model) -> Jurisdiction:
    """The model's own values (bracketed placeholders allowed), as a jurisdiction named "model"."""
    source = yamlsource.load(model.values_path, fast=True)
    found = validate_source(source, model, placeholders=True)
    return Jurisdiction(found.path, "model", found.data, True)


def with_identity_of(canonical: Jurisdiction, local: Jurisdiction, model: Model) -> Jurisdiction:
    """The model's policy with a jurisdiction's identity: the redline baseline for that jurisdiction."""
    data = dict(canonical.data)
    for group in model.identity_groups:
        data[group] = local.data.get(group)
    return Jurisdiction(local.path, local.slug, data, False)


def value(j: Jurisdiction, dotted_path: tuple[str, ...] | None) -> Any:
    return get(j.data, dotted_path)
