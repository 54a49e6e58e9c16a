"""Which sections of a draft a departing parameter value changes, without rendering the draft again.

A value's effect on the text belongs to the parameter and its value, not to the jurisdiction: a parameter
whose schema entry names the sections it fills (`provisions`) changes those sections and no others (the
model's tests hold it to that); any other parameter is rendered into the model once per distinct value and
kind of jurisdiction (the identity variants: city, town, county), and the sections that then read
differently are kept for every later jurisdiction with the same value. Of those, a jurisdiction's own
draft leaves out the sections no value reaches there: those its amendments replace, and those another
field switches off.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from .diff import compare
from .document import DocumentText
from .effects import _replacements, _switched_off
from .jurisdiction import Jurisdiction
from .model import Model, Parameter, get
from .variants import _variant_fields as variant_fields


def _with(data: dict, path: tuple[str, ...], value: Any) -> dict:
    head, *rest = path
    return {**data, head: _with(data.get(head) or {}, tuple(rest), value) if rest else value}


class Attribution:
    """Parameter departures of one model mapped to the sections they change; renders are kept per process."""

    def __init__(self, model: Model, canonical: Jurisdiction):
        self.model, self.canonical = model, canonical
        self.fields = [path for path, _ in variant_fields(model)]
        self._bases: dict[str, tuple[Jurisdiction, DocumentText]] = {}
        self._found: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self.renders = 0  # how many times the model was rendered for an effect (for tests and the benchmark)

    def effects(self, j: Jurisdiction) -> dict[str, tuple[str, ...]]:
        """Dotted parameter path -> keys of the sections its value changes, for each value that departs."""
        found = {}
        for p in self.model.parameters:
            value = get(j.data, p.path)
            if value != get(self.canonical.data, p.path):
                found[".".join(p.path)] = tuple(k for k in self.sections(p, value, j) if not self._local(k, p, j))
        return found

    def _local(self, key: str, p: Parameter, j: Jurisdiction) -> bool:
        """Whether j's section reads the same whatever p's value: its text replaced by a local amendment, or the
        section switched off by another field."""
        provision = self.model.provision(key)
        if provision and provision.when and tuple(provision.when.split(".")) != p.path and \
                _switched_off(j.data, self.model, key):
            return True
        return key in _replacements(j.data, self.model)

    def sections(self, p: Parameter, value: Any, j: Jurisdiction) -> tuple[str, ...]:
        """The sections that read differently when only `p` takes `value`, for a jurisdiction of j's kind."""
        if p.provisions:
            return p.provisions
        variant = repr([get(j.data, path) for path in self.fields])
        key = (".".join(p.path), repr(value), variant)
        if key not in self._found:
            base, text = self._base(variant, j)
            changed = replace(base, data=_with(base.data, p.path, value))
            self._found[key] = tuple(s.key for s in compare(text, self._render(changed)).changed)
        return self._found[key]

    def _base(self, variant: str, j: Jurisdiction) -> tuple[Jurisdiction, DocumentText]:
        """The model with the identity variant values of `j` (the model itself when it has no variants)."""
        if variant not in self._bases:
            data = self.canonical.data
            for path in self.fields:
                data = _with(data, path, get(j.data, path))
            base = replace(self.canonical, data=data)
            self._bases[variant] = (base, self._render(base))
        return self._bases[variant]

    def _render(self, j: Jurisdiction) -> DocumentText:
        from .build import render_ordinance

        self.renders += 1
        return render_ordinance(j, self.model).text
