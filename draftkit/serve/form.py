"""The form, generated from the model's schema: one Field per schema rule, and the form's answers read back
into a jurisdiction's data, in schema order, ready to be written as YAML.

Every input is named by the field's dotted path as problems name it (`ordinance.adopted`,
`jurisdiction.members[2]`, `amendments[0].text`), so a problem finds its input by name. An input left empty
reads as `draft new` writes an unfilled value: null where the schema allows it, else "[FILL IN: ...]", so
validation says "fill in this value" exactly as it does for a new file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..jurisdiction import FILL_MARKER
from ..model import Model, Provision
from ..yamlsource import Path_, dotted

LONG_TEXT = 200  # characters: a text field allowed more than this is a multi-line box


class _NewRow(int):
    """The index of a list row not yet added: `__i__` in names and ids, replaced by the page's script."""

    def __str__(self) -> str:
        return "__i__"

    def __format__(self, spec: str) -> str:
        return "__i__"


NEW_ROW = _NewRow(0)


def field_id(name: str) -> str:
    """An input's HTML id for its dotted name: `amendments[0].text` -> `f-amendments-0-text`."""
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", name).strip("-")


class RawText(str):
    """Text the form could not read as the field's type (a date like 2019-02-30): written to YAML as typed,
    unquoted, so validation reports it as it would in a file."""


@dataclass(frozen=True)
class Field:
    """One input (or group of inputs) of the form, from one schema rule."""

    path: Path_
    kind: str  # text, textarea, integer, date, select, checkbox, tristate, checks, list, records, group
    label: str
    help: str = ""
    example: Any = None
    required: bool = False
    nullable: bool = False
    allowed: tuple = ()
    rule: dict = field(default_factory=dict, compare=False, repr=False)
    children: tuple[Field, ...] = ()  # a group's fields, or a record's (one list item of a list of groups)
    item: Field | None = None         # a list's item
    switch: Provision | None = None   # the optional provision this yes/no field switches on
    choices: tuple[tuple[str, str], ...] = ()  # (value, text) for a select whose values are provisions

    @property
    def name(self) -> str:
        return dotted(self.path)

    @property
    def id(self) -> str:
        return field_id(self.name)

    @property
    def example_text(self) -> str:
        """The schema's example as the form shows it (yes/no as the YAML writes it)."""
        values = self.example if isinstance(self.example, list) else [] if self.example is None else [self.example]
        return ", ".join(("true" if v else "false") if isinstance(v, bool) else str(v) for v in values)

    @property
    def options(self) -> tuple[tuple[str, str], ...]:
        """(value, text) of each choice a select offers."""
        if self.choices:
            return self.choices
        if self.kind == "tristate":
            return (("true", "yes"), ("false", "no"))
        return tuple((str(v), str(v)) for v in self.allowed)

    def at(self, index: int) -> Field:
        """This list's item field (or a record field) placed at item `index`."""
        return _moved(self.item, len(self.path), index) if self.item else self


def _moved(f: Field, depth: int, index: Any) -> Field:
    """`f` with the list index at position `depth` of its path (and its children's) set to `index`."""
    path = f.path[:depth] + (index,) + f.path[depth + 1:]
    return Field(path, f.kind, f.label, f.help, f.example, f.required, f.nullable, f.allowed, f.rule,
                 tuple(_moved(c, depth, index) for c in f.children),
                 _moved(f.item, depth, index) if f.item else None, f.switch, f.choices)


def _kind(rule: dict) -> str:
    kind = rule.get("type")
    if kind == "dict":
        return "group"
    if kind == "list":
        inner = rule.get("schema") or {}
        return "records" if inner.get("type") == "dict" else "checks" if inner.get("allowed") else "list"
    if kind == "boolean":
        return "tristate" if rule.get("nullable") else "checkbox"
    if rule.get("allowed"):
        return "select"
    if kind in ("integer", "date"):
        return kind
    return "textarea" if (rule.get("maxlength") or 0) > LONG_TEXT else "text"


def build_fields(model: Model) -> tuple[Field, ...]:
    """The form's fields, in schema order."""
    switches = {tuple(p.when.split(".")): p for p in model.provisions if p.when}
    amendments = model.roles.get("amendments")
    return tuple(_field(model, (key,), rule, switches, amendments) for key, rule in model.schema.items())


def _field(model: Model, path: Path_, rule: dict, switches: dict, amendments: str | None) -> Field:
    meta = rule.get("meta") or {}
    kind = _kind(rule)
    children: tuple[Field, ...] = ()
    item = None
    inner = rule.get("schema") or {}
    if kind == "group":
        children = tuple(_field(model, path + (k,), r, switches, amendments) for k, r in inner.items())
    elif kind in ("list", "records", "checks"):
        item = _field(model, path + (0,), {**inner, "meta": {"label": _singular(meta.get("label", path[-1]))}},
                      switches, amendments)
        if kind == "records":
            item = Field(item.path, "record", item.label, children=tuple(
                _field(model, path + (0, k), r, switches, amendments) for k, r in (inner.get("schema") or {}).items()))
    choices = ()
    if amendments and len(path) == 3 and path[0] == amendments and path[2] == "provision":
        choices = tuple((p.id, f"{p.label} ({p.id})") for p in model.provisions)
        kind = "select"
    return Field(path, kind, meta.get("label", str(path[-1])), meta.get("help", ""), meta.get("example"),
                 bool(rule.get("required")), bool(rule.get("nullable")), tuple(rule.get("allowed") or ()), rule,
                 children, item, switches.get(tuple(map(str, path))), choices)


def _singular(label: str) -> str:
    """A list's label for one of its items: "Members" -> "Member", "Local amendments" -> "Local amendment"."""
    return label[:-1] if label.endswith("s") and not label.endswith("ss") else label


def fill_marker(f: Field) -> str:
    """What `draft new` writes for a value still to be filled in."""
    return f"{FILL_MARKER}: a date, YYYY-MM-DD]" if f.kind == "date" else f"{FILL_MARKER}: {f.label}]"


# --- answers back into data ---------------------------------------------------------------------------------

def read_form(fields: tuple[Field, ...], form) -> dict:
    """The data the form's answers stand for (`form`: a MultiDict of input name -> values)."""
    data: dict = {}
    for f in fields:
        _put(data, f, form)
    return data


_ABSENT = object()


def _put(data: dict, f: Field, form) -> None:
    value = _value(f, form)
    if value is not _ABSENT:
        data[f.path[-1]] = value


def _value(f: Field, form) -> Any:
    if f.kind == "group":
        if f.nullable and form.get(f.name + "?") != "on":
            return None
        group: dict = {}
        for child in f.children:
            _put(group, child, form)
        return group
    if f.kind == "checks":
        chosen = form.getlist(f.name)
        return [v for v in f.allowed if v in chosen] + [v for v in chosen if v not in f.allowed]
    if f.kind in ("list", "records"):
        return _list(f, form)
    if f.kind == "checkbox":
        return form.get(f.name) == "on"
    return _scalar(f, _text(form.get(f.name)))


def _text(value: str | None) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


def _indexes(form, name: str) -> list[int]:
    pattern = re.compile(re.escape(name) + r"\[(\d{1,6})\]")
    return sorted({int(m[1]) for key in form.keys() if (m := pattern.match(key))})


def _list(f: Field, form) -> Any:
    items = []
    for index in _indexes(form, f.name):
        item = _moved(f.item, len(f.path), index)
        if f.kind == "records":
            if all(not _text(form.get(c.name)).strip() for c in item.children):
                continue  # a row left wholly empty
            record: dict = {}
            for child in item.children:
                _put(record, child, form)
            items.append(record)
        elif _text(form.get(item.name)).strip():
            items.append(_scalar(item, _text(form.get(item.name))))
    if not items and f.required and (f.rule.get("minlength") or 0) > 0 and f.kind == "list":
        return [f"{FILL_MARKER}: name]"]  # as `draft new` writes a list of names still to be filled in
    return items


def _scalar(f: Field, text: str) -> Any:
    """One answer as the field's type; empty as `draft new` writes an unfilled value."""
    if not text.strip():
        if f.nullable:
            return None
        return fill_marker(f) if f.required else _ABSENT
    if f.kind == "integer" and re.fullmatch(r"-?\d{1,12}", text.strip()):
        return int(text.strip())
    if f.kind == "date":
        return _date(text.strip())
    if f.kind == "tristate":
        return {"true": True, "false": False}.get(text, text)
    return text


def _date(text: str) -> Any:
    try:
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else text
    except ValueError:
        return RawText(text)  # February 30: validation reports it at its line and column


# --- data into the form -------------------------------------------------------------------------------------

def shown_value(f: Field, value: Any) -> str:
    """The text an input shows for a value: empty for a value still to be filled in."""
    if value is None or (isinstance(value, str) and value.startswith(FILL_MARKER)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def value_at(data: Any, path: Path_) -> Any:
    """The value at a path of keys and list indexes, or None."""
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def names_in(fields: tuple[Field, ...], data: Any) -> set[str]:
    """The name of every input and group of inputs the form shows for `data`."""
    names: set[str] = set()
    for f in fields:
        names.add(f.name)
        names |= names_in(f.children, data)
        if f.kind in ("list", "records"):
            items = value_at(data, f.path)
            for index in range(len(items) if isinstance(items, list) else 0):
                row = f.at(index)
                names |= {row.name} | names_in(row.children, data)
    return names
