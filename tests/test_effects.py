"""Policy values in effect: a value that departs from the model although a local amendment replaces the
sections it would fill is a validation problem naming the field and the amendment; the comparison shows
only values in effect. The schema's declarations (`provisions`, `needs`) are checked against the templates."""
from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import ROOT, replace_line

from draftkit.build import render_ordinance
from draftkit.compare import build_matrix, entry_for
from draftkit.diff import compare
from draftkit.effects import model_value, not_in_effect
from draftkit.errors import InvalidInput
from draftkit.jurisdiction import load_jurisdiction

BERKELEY = ROOT / "jurisdictions" / "berkeley.yaml"


def test_a_moot_value_is_reported_with_its_amendment(tmp_path, model):
    """The issue's case: the amendment sets 90 days to cure, the policy value says 30."""
    text = replace_line(BERKELEY.read_text(encoding="utf-8"), r"^  cure_days:", "  cure_days: 30")
    path = tmp_path / "berkeley.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_jurisdiction(path, model)
    [problem] = caught.value.problems
    assert problem.field == "policy.cure_days" and problem.line == text.splitlines().index("  cure_days: 30") + 1
    assert "30 has no effect: amendments[0] (which replaces the enforcement section)" in problem.message
    assert "set this back to the model's 90" in problem.message


def test_values_of_a_replaced_or_switched_off_section_are_not_shown(samples, model, canonical):
    entries = [entry_for(samples[s], model, canonical) for s in ("berkeley", "alameda", "richmond")]
    matrix = build_matrix(entries, model, canonical)
    cure = matrix.parameter("policy.cure_days").values
    assert cure[0].text == "— (not in effect: the enforcement section is replaced by local text)"
    assert not cure[0].departure and cure[1].departure and cure[2].text == "90"
    bar = matrix.parameter("policy.debarment_years").values
    assert bar[1].text == "— (not in effect: False-information sanctions: no)" and not bar[1].departure
    assert not any("Bar on bidding" in c for c in matrix.column("alameda").changes)
    assert not_in_effect(model.parameters[0], samples["richmond"].data, model) is None


@pytest.mark.parametrize("parameter", [p for p in __import__("strategies").MODEL.parameters if p.provisions],
                         ids=lambda p: ".".join(p.path))
def test_declared_sections_are_the_ones_a_value_fills(parameter, samples, model):
    """Changing the value in a draft that follows the model changes its declared sections and no other."""
    base = samples["richmond"]  # every policy value is the model's own, every section present
    ours = model_value(model, parameter)
    assert base.data[parameter.path[0]][parameter.path[1]] == ours
    other = {bool: (lambda v: not v), int: (lambda v: v + 1), list: (lambda v: v + ["CBP"]),
             type(None): (lambda v: "City Manager"), str: (lambda v: "January 15")}[type(ours)](ours)
    group, field = parameter.path
    changed = replace(base, data={**base.data, group: {**base.data[group], field: other}})
    sections = compare(render_ordinance(base, model).text, render_ordinance(changed, model).text).changed
    assert {s.key for s in sections} == set(parameter.provisions)
