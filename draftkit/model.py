"""A model ordinance folder: its provisions, field schema, canonical values and templates."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import cerberus

from . import yamlsource
from .errors import InvalidInput, ModelProblem
from .models import default_folder
from .validator import validator_for

DEFAULT_MODEL = default_folder()  # the shipped Sanctuary Contracting model


@dataclass(frozen=True)
class Provision:
    """One section of the model, in model order."""

    id: str
    label: str
    when: str | None = None  # dotted field path of a boolean that switches the section on
    numbered: bool = True
    part: str = "code"       # "code": a section of the new chapter; "act": a section of the ordinance itself
    adds_code: bool = False  # the act section that adds the chapter; the code sections follow it


@dataclass(frozen=True)
class Event:
    """A dated fact of the model's history, in a sentence of its own."""

    day: date
    text: str


@dataclass(frozen=True)
class Parameter:
    """A policy choice shown side by side across jurisdictions (schema fields with `parameter: true`)."""

    path: tuple[str, ...]
    label: str
    money: bool = False
    provisions: tuple[str, ...] = ()   # the sections whose text it fills (schema meta `provisions`)
    needs: str | None = None           # a boolean field that must be true for it to apply (meta `needs`)


@dataclass(frozen=True)
class Model:
    """Everything the library knows about one model ordinance, read from its folder."""

    folder: Path
    name: str
    version: str
    provisions: tuple[Provision, ...]
    schema: dict
    roles: dict  # model.yaml's numbering / adoption / amendments / revision / display entries
    templates: dict[str, Path]
    values_path: Path
    history: tuple[Event, ...] = ()   # dated events the staff report's background may recount
    history_none: str = ""            # what the background says when none is on or before its date

    @property
    def identity_groups(self) -> tuple[str, ...]:
        """Top-level schema groups that describe the jurisdiction rather than its policy."""
        return tuple(k for k, v in self.schema.items() if v.get("meta", {}).get("identity"))

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        return tuple(_parameters(self.schema, ()))

    def provision(self, key: str) -> Provision | None:
        return next((p for p in self.provisions if p.id == key), None)

    @property
    def vote_groups(self) -> dict[str, str]:
        """The roll call's parts (ayes, noes, abstain, absent) and the name of each one's list under the vote
        field, as model.yaml's `adoption.vote_groups` gives them ({} when the model records no vote)."""
        groups = (self.roles.get("adoption") or {}).get("vote_groups")
        return {str(k): str(v) for k, v in groups.items()} if isinstance(groups, dict) else {}

    def role(self, group: str, name: str) -> tuple[str, ...] | None:
        """The field path model.yaml gives for a role, e.g. role("adoption", "adopted")."""
        value = self.roles.get(group, {}).get(name) if isinstance(self.roles.get(group), dict) else None
        return tuple(value.split(".")) if isinstance(value, str) else None


def _parameters(schema: dict, prefix: tuple[str, ...]):
    for key, rule in schema.items():
        meta = rule.get("meta", {})
        if meta.get("parameter"):
            yield Parameter(prefix + (key,), meta.get("label", key), bool(meta.get("money")),
                            tuple(meta.get("provisions") or ()), meta.get("needs"))
        if rule.get("type") == "dict" and "schema" in rule:
            yield from _parameters(rule["schema"], prefix + (key,))


def _require(data: dict, key: str, path: Path):
    if key not in data:
        raise ModelProblem(path, f"model.yaml lacks `{key}`")
    return data[key]


def load_model(folder: Path = DEFAULT_MODEL) -> Model:
    """Read a model folder (model.yaml, the schema, the values and the templates it names)."""
    folder = Path(folder)
    spec_path = folder / "model.yaml"
    if not spec_path.is_file():
        raise ModelProblem(folder, "not a model folder: model.yaml is missing")
    try:
        spec = yamlsource.load(spec_path, fast=True).data
        schema = _checked_schema(folder / _text(spec, "schema", spec_path))
    except InvalidInput as exc:
        raise ModelProblem(folder, f"the model's own files are invalid:\n{exc}") from exc
    provisions = _provisions(_require(spec, "provisions", spec_path), spec_path)
    templates = {name: folder / file for name, file in _names(spec, "templates", spec_path).items()}
    for path in templates.values():
        if not path.is_file():
            raise ModelProblem(path, "template named in model.yaml is missing")
    roles = {k: spec[k] for k in ("numbering", "adoption", "amendments", "revision", "display") if k in spec}
    events, none = _history(folder, spec.get("history"))
    return Model(folder, _text(spec, "name", spec_path), str(spec.get("version", "")), provisions, schema, roles,
                 templates, folder / _text(spec, "values", spec_path), events, none)


def _text(spec: dict, key: str, path: Path) -> str:
    value = _require(spec, key, path)
    if not isinstance(value, str) or not value.strip():
        raise ModelProblem(path, f"`{key}` must be text (a name or a file name in the model folder)")
    return value


def _names(spec: dict, key: str, path: Path) -> dict[str, str]:
    value = _require(spec, key, path)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()) or \
            not {"ordinance", "staff_report"} <= set(value):
        raise ModelProblem(path, f"`{key}` must name the files of the ordinance and staff_report templates, e.g. "
                                 f"`{key}: {{ordinance: ordinance.docx, staff_report: staff_report.docx}}`")
    return value


def _provisions(items: Any, path: Path) -> tuple[Provision, ...]:
    """model.yaml's provisions, each checked to be a group of the fields a Provision has."""
    if not isinstance(items, list) or not items:
        raise ModelProblem(path, "`provisions` must be a list of sections such as {id: title, label: Title}")
    found = []
    for i, item in enumerate(items):
        try:
            found.append(Provision(**item))
        except TypeError:
            found = []
        if not found or not isinstance(found[-1].id, str) or not isinstance(found[-1].label, str):
            optional = ", ".join(f.name for f in fields(Provision)[2:])
            raise ModelProblem(path, f"provisions[{i}] must be a group of fields such as {{id: title, label: "
                                     f"Title}}, with optional {optional}")
    return tuple(found)


def _checked_schema(path: Path) -> dict:
    """The schema file's rules, refused (as the model's problem) if cerberus cannot use them."""
    schema = yamlsource.load(path, fast=True).data
    try:
        validator_for(schema)  # the validator files are checked with, made (and the schema checked) once
    except (cerberus.SchemaError, TypeError, ValueError) as exc:
        raise ModelProblem(path, f"not a schema the validator can use: {' '.join(str(exc).split())[:300]}") from None
    return schema


def _history(folder: Path, name: str | None) -> tuple[tuple[Event, ...], str]:
    """The model's dated history (model.yaml's `history` file), oldest first."""
    if not name:
        return (), ""
    try:
        data = yamlsource.load(folder / name, fast=True).data
    except InvalidInput as exc:
        raise ModelProblem(folder / name, f"the model's history is invalid:\n{exc}") from exc
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list) or not all(isinstance(e, dict) and type(e.get("date")) is date
                                               and isinstance(e.get("text"), str) for e in events):
        raise ModelProblem(folder / name, "expected `events`: a list of {date: YYYY-MM-DD, text: ...}")
    found = sorted((Event(e["date"], " ".join(e["text"].split())) for e in events), key=lambda e: e.day)
    return tuple(found), str(data.get("none") or "")


def rule_at(schema: dict, path: tuple) -> dict | None:
    """The schema's rule for the field at `path` (a list index steps into the list's item rule); None where
    the schema has no such field."""
    rule: dict | None = {"type": "dict", "schema": schema}
    for part in path:
        if rule is None:
            return None
        inner = rule.get("schema")
        if isinstance(part, int):
            rule = inner if rule.get("type") == "list" and isinstance(inner, dict) else None
        else:
            rule = inner.get(part) if isinstance(inner, dict) and rule.get("type") == "dict" else None
    return rule


def get(data: Any, path: tuple[str, ...] | None) -> Any:
    """The value at a dotted path in nested dicts, or None where any part is missing (or the path itself: a
    role the model does not name)."""
    if path is None:
        return None
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data
