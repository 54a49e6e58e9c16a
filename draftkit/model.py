"""A model ordinance folder: its provisions, field schema, canonical values and templates."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from . import yamlsource
from .errors import InvalidInput, ModelProblem

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "templates" / "ordinance"


@dataclass(frozen=True)
class Provision:
    """One section of the model, in model order."""

    id: str
    label: str
    when: str | None = None  # dotted field path of a boolean that switches the section on
    numbered: bool = True


@dataclass(frozen=True)
class Parameter:
    """A policy choice shown side by side across jurisdictions (schema fields with `parameter: true`)."""

    path: tuple[str, ...]
    label: str
    money: bool = False


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

    @property
    def identity_groups(self) -> tuple[str, ...]:
        """Top-level schema groups that describe the jurisdiction rather than its policy."""
        return tuple(k for k, v in self.schema.items() if v.get("meta", {}).get("identity"))

    @cached_property
    def parameters(self) -> tuple[Parameter, ...]:
        return tuple(_parameters(self.schema, ()))

    def provision(self, key: str) -> Provision | None:
        return next((p for p in self.provisions if p.id == key), None)

    def role(self, group: str, name: str) -> tuple[str, ...] | None:
        """The field path model.yaml gives for a role, e.g. role("adoption", "adopted")."""
        value = self.roles.get(group, {}).get(name) if isinstance(self.roles.get(group), dict) else None
        return tuple(value.split(".")) if isinstance(value, str) else None


def _parameters(schema: dict, prefix: tuple[str, ...]):
    for key, rule in schema.items():
        meta = rule.get("meta", {})
        if meta.get("parameter"):
            yield Parameter(prefix + (key,), meta.get("label", key), bool(meta.get("money")))
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
        spec = yamlsource.load(spec_path).data
        schema = yamlsource.load(folder / _require(spec, "schema", spec_path)).data
    except InvalidInput as exc:
        raise ModelProblem(folder, f"the model's own files are invalid:\n{exc}") from exc
    provisions = tuple(Provision(**p) for p in _require(spec, "provisions", spec_path))
    templates = {name: folder / file for name, file in _require(spec, "templates", spec_path).items()}
    for path in templates.values():
        if not path.is_file():
            raise ModelProblem(path, "template named in model.yaml is missing")
    roles = {k: spec[k] for k in ("numbering", "adoption", "amendments", "revision", "display") if k in spec}
    return Model(folder, spec["name"], str(spec.get("version", "")), provisions, schema, roles, templates,
                 folder / _require(spec, "values", spec_path))


def get(data: Any, path: tuple[str, ...] | None) -> Any:
    """The value at a dotted path in nested dicts, or None where any part is missing."""
    for part in path or ():
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data
