"""The model as it reads for each kind of jurisdiction: a document whose YAML is unknown is compared with the
variant its words are closest to (a county's ordinance says "County" where the model says "City").

Which identity fields have variants is the model folder's business: schema fields with `variant: true`
in their meta and an `allowed` list.
"""
from __future__ import annotations

from collections import Counter
from itertools import product

from .build import Rendered, render_ordinance
from .document import DocumentText
from .jurisdiction import Jurisdiction
from .model import Model

MAX_VARIANTS = 8


def _variant_fields(model: Model) -> list[tuple[tuple[str, str], list]]:
    """((group, field), allowed values) of every identity field marked `variant: true`."""
    found = []
    for group in model.identity_groups:
        for name, rule in (model.schema[group].get("schema") or {}).items():
            if (rule.get("meta") or {}).get("variant") and rule.get("allowed"):
                found.append(((group, name), list(rule["allowed"])))
    return found


def identity_variants(canonical: Jurisdiction, model: Model) -> list[Jurisdiction]:
    """The canonical model once per combination of variant values (at most MAX_VARIANTS), itself first."""
    fields = _variant_fields(model)
    out = [canonical]
    for values in product(*(allowed for _, allowed in fields)):
        data = {group: dict(part) if isinstance(part, dict) else part for group, part in canonical.data.items()}
        for ((group, name), _), value in zip(fields, values):
            data[group][name] = value
        if data != canonical.data and len(out) < MAX_VARIANTS:
            out.append(Jurisdiction(canonical.path, canonical.slug, data, canonical.placeholders))
    return out


def _words(text: DocumentText) -> Counter[str]:
    return Counter(word.casefold() for p in text.paragraphs for word in p.text.split())


def closest_model(adopted: DocumentText, canonical: Jurisdiction, model: Model) -> Rendered:
    """The model rendered for the identity variant whose words `adopted` shares most."""
    rendered = [render_ordinance(v, model) for v in identity_variants(canonical, model)]
    if len(rendered) == 1:
        return rendered[0]
    mine = _words(adopted)
    return max(rendered, key=lambda r: sum((_words(r.text) & mine).values()))
