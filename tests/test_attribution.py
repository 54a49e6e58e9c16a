"""The comparison says what it said before it stopped re-rendering: a departing value's sections, found once
per (parameter, value, kind of jurisdiction), are those found by rendering each draft with that value put
back, for every value in effect, on the samples and on 200 generated jurisdictions."""
from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT

from draftkit import yamlsource
from draftkit.attribution import Attribution, _with
from draftkit.build import render_ordinance
from draftkit.compare import build_matrix, entry_for
from draftkit.diff import compare
from draftkit.effects import not_in_effect
from draftkit.jurisdiction import validate_source
from draftkit.model import get

sys.path.insert(0, str(ROOT / "bench"))
import synthetic


def rendered_effects(j, model, canonical) -> dict[str, set[str]]:
    """How the comparison found them before: the draft rendered once more per departing value, with only that
    value set back to the model's, and the sections that then read differently. Values not in effect, which
    no cell shows, are left out."""
    draft = render_ordinance(j, model).text
    found = {}
    for p in model.parameters:
        ours = get(canonical.data, p.path)
        if get(j.data, p.path) != ours and not not_in_effect(p, j.data, model):
            reverted = replace(j, data=_with(j.data, p.path, ours))
            found[".".join(p.path)] = {s.key for s in compare(render_ordinance(reverted, model).text, draft).changed
                                       if not _only_references_moved(s)}
    return found


NUMBER = re.compile(r"\d+(?:\.\d+)+[.,;]?")


def _only_references_moved(section) -> bool:
    """A section that reads differently only in the section numbers it cites: with a provision folded into the
    section before it (`action: fold`), a value that switches a section on or off between them moves the fold to
    another section, and a reference to it reads that section's number. That is the fold's doing, not a text
    the value fills, and no cell attributes it to the value."""
    changed = [span for p in section.paragraphs for span in p.spans if span.op != "equal"]
    return bool(changed) and all(NUMBER.fullmatch(span.text.strip()) for span in changed)


@pytest.fixture(scope="module")
def generated(model):
    return [validate_source(yamlsource.load(Path(f"{slug}.yaml"), text=text), model)
            for slug, text in synthetic.generate(200)]


def _same(jurisdictions, model, canonical) -> None:
    attribution = Attribution(model, canonical)
    for j in jurisdictions:
        new = attribution.effects(j)
        for path, sections in rendered_effects(j, model, canonical).items():
            assert set(new[path]) == sections, (j.slug, path)


def test_samples_attributed_as_by_rendering(samples, model, canonical):
    _same(samples.values(), model, canonical)


def test_generated_attributed_as_by_rendering(generated, model, canonical):
    assert {j.data["jurisdiction"]["kind"] for j in generated} == {"city", "town", "county"}
    assert sum(bool(j.data.get("amendments")) for j in generated) > 50
    _same(generated, model, canonical)


def test_renders_once_per_value_and_kind(generated, model, canonical):
    """Renders grow with the distinct values of parameters that name no sections, not with jurisdictions."""
    attribution = Attribution(model, canonical)
    for j in generated:
        attribution.effects(j)
    undeclared = [p for p in model.parameters if not p.provisions]
    kinds = {j.data["jurisdiction"]["kind"] for j in generated}
    distinct = sum(len({repr(get(j.data, p.path)) for j in generated}) for p in undeclared)
    assert 0 < attribution.renders <= len(kinds) * (1 + distinct)


def test_cells_and_shares_as_before(samples, model, canonical):
    """Each cell's words and share, with its departures, as the re-rendered attribution gives them."""
    from draftkit.compare_cells import Entry

    new = build_matrix([entry_for(j, model, canonical) for j in samples.values()], model, canonical)
    old_entries = []
    for j in samples.values():
        e = entry_for(j, model, canonical)
        old_entries.append(Entry(**{**e.__dict__, "effects": {k: tuple(v) for k, v in
                                                              rendered_effects(j, model, canonical).items()}}))
    old = build_matrix(old_entries, model, canonical)
    assert old.rows == new.rows and old.columns == new.columns
    assert any(c.changes for r in new.rows for c in r.cells)  # departures are attributed to cells at all
