"""The benchmark stays runnable: its synthetic jurisdictions are valid and varied, and a tiny run completes.

No timing is asserted here; figures depend on the machine (run `python bench/run.py` for them).
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from draftkit import yamlsource
from draftkit.jurisdiction import validate_source
from draftkit.model import get

sys.path.insert(0, str(ROOT / "bench"))
import synthetic


@pytest.fixture(scope="module")
def generated(model):
    return [validate_source(yamlsource.load(Path(f"{slug}.yaml"), text=text), model)
            for slug, text in synthetic.generate(20)]


def test_generated_jurisdictions_are_valid_and_distinct(generated):
    assert len(generated) == 20
    assert len({j.slug for j in generated}) == 20


def test_every_policy_parameter_varies(generated, model):
    for parameter in model.parameters:
        values = {repr(get(j.data, parameter.path)) for j in generated}
        assert len(values) >= 2, f"{'.'.join(parameter.path)} is always {values}"


def test_identity_and_amendments_vary(generated):
    assert {j.data["jurisdiction"]["kind"] for j in generated} == {"city", "town", "county"}
    assert len({j.data["ordinance"]["status"] for j in generated}) == 3
    assert {len(j.data["amendments"] or []) for j in generated} >= {0, 1, 2}
    actions = {a["action"] for j in generated for a in j.data["amendments"] or []}
    assert actions == {"replace", "append", "add_after"}


def test_same_seed_same_files():
    assert synthetic.generate(3) == synthetic.generate(3)
    assert synthetic.generate(3) != synthetic.generate(3, seed=1)


def test_worst_case_inputs_are_valid(model):
    texts = [synthetic.to_yaml(synthetic.jurisdiction_data(0, amendments=200)),
             *map(synthetic.to_yaml, synthetic.long_pair())]
    for n, text in enumerate(texts):
        j = validate_source(yamlsource.load(Path(f"worst_{n}.yaml"), text=text), model)
        assert len(j.data["amendments"]) in (200, 40)


def test_benchmark_runs_and_prints_the_ratio(tmp_path):
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--n", "3", "--json", tmp_path / "b.json"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    assert "RATIO full packet / floor of its two renders:" in result.stdout
    assert "staged outputs identical to build_packet's: yes" in result.stdout
    assert (tmp_path / "b.json").is_file()


def test_scales_alone_compare_scales_floors_and_start_up(tmp_path):
    """--scales runs without --worst-cases; --compare-scales times build then compare of the same set; the
    honest floors and the start-up of small commands are always reported."""
    out = tmp_path / "b.json"
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--n", "2", "--scales", "2,3", "--compare-scales", "4",
               "--json", out]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr
    for line in ("== Worst case: scale, 2 processes ==", "RATIO compare / build:",
                 "RATIO full packet / cached docxtpl floor of its two renders:", "RATIO full packet / serialisation floor:",
                 "output identical to uncached docxtpl: yes", "draft --help:", "draft validate oakland.yaml:"):
        assert line in result.stdout, line
    import json

    figures = json.loads(out.read_text(encoding="utf-8"))
    (row,) = figures["compare_scale"]
    assert row["jurisdictions"] == 4 and row["build"]["exit"] == row["compare"]["exit"] == 0
    assert row["comparison_bytes"]["json"] > 0 and figures["startup"]["validate"]["exit"] == 0
    assert [r["jurisdictions"] for r in figures["scale"]["rows"]] == [2, 3]
