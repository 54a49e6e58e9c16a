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
