"""Which policy values take effect in a draft: a value fills the sections its schema entry names
(`provisions`), and has no effect when every one of them is replaced by a local amendment, switched
off, or when the boolean it `needs` is false. Validation reports a departing value that has no effect
because an amendment replaced its sections; the comparison shows only values in effect."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import Problem
from .model import Model, Parameter, get
from .yamlsource import Source, dotted


@lru_cache(maxsize=8)
def _model_values(values_path: Path) -> dict:
    from . import yamlsource

    data = yamlsource.load(values_path).data
    return data if isinstance(data, dict) else {}


def model_value(model: Model, p: Parameter) -> Any:
    """The model's own value of a parameter (values.yaml)."""
    return get(_model_values(model.values_path), p.path)


def _replacements(data: dict, model: Model) -> dict[str, int]:
    """Provision id -> index of the amendment that replaces its text."""
    field = model.roles.get("amendments")
    items = data.get(field) if field else None
    return {a["provision"]: i for i, a in enumerate(items if isinstance(items, list) else [])
            if isinstance(a, dict) and a.get("action") == "replace" and isinstance(a.get("provision"), str)}


def _switched_off(data: dict, model: Model, key: str) -> bool:
    provision = model.provision(key)
    return bool(provision and provision.when and get(data, tuple(provision.when.split("."))) is not True)


def not_in_effect(p: Parameter, data: dict, model: Model) -> str | None:
    """Why a parameter's value does not reach the draft's text, or None if it does (or is not declared)."""
    if not p.provisions:
        return None
    if p.needs and get(data, tuple(p.needs.split("."))) is not True:
        switch = next((q.label for q in model.parameters if ".".join(q.path) == p.needs), p.needs)
        return f"{switch}: no"
    replaced = _replacements(data, model)
    reasons = []
    for key in p.provisions:
        if _switched_off(data, model, key):
            reasons.append(f"no {key} section")
        elif key in replaced:
            reasons.append(f"the {key} section is replaced by local text")
        else:
            return None
    return "; ".join(reasons)


def unused_value_problems(source: Source, data: dict, model: Model) -> list[Problem]:
    """A value that departs from the model although an amendment replaces every section it would fill."""
    problems = []
    replaced = _replacements(data, model)
    field = model.roles.get("amendments")
    for p in model.parameters:
        if not p.provisions or not all(k in replaced for k in p.provisions):
            continue
        value, ours = get(data, p.path), model_value(model, p)
        if value == ours:
            continue
        which = ", ".join(f"{dotted((field, replaced[k]))} (which replaces the {k} section)" for k in p.provisions)
        problems.append(source.problem(p.path, f"{value!r} has no effect: {which}, so the ordinance states "
                                       f"whatever that text says and this value would only mislead the staff "
                                       f"report and the comparison; write the figure in the amendment's text and "
                                       f"set this back to the model's {ours!r}"))
    return problems
