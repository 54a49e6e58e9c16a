"""Which model a jurisdiction file is drafted from: its `model:` key, `--model`, or the default; and jurisdictions
of two models are never mixed in one comparison."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import ALL_SAMPLES, ROOT, SAMPLES

from draftkit.cli import main
from draftkit.errors import InvalidInput, UsageError
from draftkit.models import declared, default_folder, folder_for, grouped, option, resolve, shipped

CCOPS = [p for p in ALL_SAMPLES if p not in SAMPLES]


def test_the_shipped_models_are_found_by_name_the_default_first():
    assert list(shipped())[:1] == ["ordinance"] and "ccops" in shipped()
    assert option(None) == default_folder() == shipped()["ordinance"]
    assert option("ccops") == shipped()["ccops"]
    assert option(str(ROOT / "templates" / "ccops")) == ROOT / "templates" / "ccops"


def test_a_model_option_naming_nothing_is_a_usage_error():
    with pytest.raises(UsageError, match=r"--model nowhere: not a model folder .*\(ordinance, ccops\)"):
        option("nowhere")


@pytest.mark.parametrize("line, value", [("model: ccops", "ccops"), ('model: "ccops"  # the CCOPS model', "ccops"),
                                         ("model: '../models/mine'", "../models/mine"), ("model:", None),
                                         ("  model: nested", None)])
def test_the_model_key_is_read_without_parsing_the_file(tmp_path, line, value):
    path = tmp_path / "x.yaml"
    path.write_text(f"# a comment\njurisdiction:\n  name: X\n{line}\n", encoding="utf-8")
    found = declared(path)
    assert (found[0] if found else None) == value
    if found:
        assert found[1] == 4


def test_a_folder_named_by_the_key_is_read_relative_to_the_file(tmp_path):
    shutil.copytree(ROOT / "templates" / "ccops", tmp_path / "models" / "mine")
    (tmp_path / "jur").mkdir()
    path = tmp_path / "jur" / "x.yaml"
    path.write_text("model: ../models/mine\n", encoding="utf-8")
    assert folder_for(path, default_folder()) == tmp_path / "jur" / "../models/mine"
    assert resolve("../models/mine", tmp_path / "jur") is not None


def test_a_key_naming_no_model_is_a_located_problem(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("# Somewhere\n\nmodel: surveilance\njurisdiction: {}\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        folder_for(path, default_folder())
    assert re.match(rf"{re.escape(str(path))}:3:1: model: 'surveilance' is neither a model draftkit ships "
                    r"\(ordinance, ccops\)", str(caught.value))
    assert main(["validate", str(path)]) == 1


def test_a_file_checked_against_another_model_says_which(tmp_path, capsys):
    path = tmp_path / CCOPS[0].name
    shutil.copy(CCOPS[0], path)
    from draftkit.jurisdiction import load_jurisdiction
    from draftkit.model import load_model

    with pytest.raises(InvalidInput, match=r":\d+:\d+: model: this file is drafted from the model in .*ccops, but is "
                                           r"being checked against Sanctuary"):
        load_jurisdiction(path, load_model())


def test_inputs_are_grouped_by_model_the_default_first():
    groups, problems = grouped(list(reversed(ALL_SAMPLES)), default_folder())
    assert problems == []
    assert [g.folder.name for g in groups] == ["ordinance", "ccops"]
    assert sorted(groups[0].paths) == SAMPLES and sorted(groups[1].paths) == CCOPS


def test_compare_over_both_models_writes_one_comparison_each_and_says_so(tmp_path, capsys):
    assert main(["compare", str(ROOT / "jurisdictions"), "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert re.search(r"note: 2 models, one comparison each: comparison\.html \(Sanctuary[^)]*, 5 input\(s\)\); "
                     r"comparison-ccops\.html", captured.err), captured.err
    default = json.loads((tmp_path / "comparison.json").read_text())
    other = json.loads((tmp_path / "comparison-ccops.json").read_text())
    assert sorted(j["slug"] for j in default["jurisdictions"]) == sorted(p.stem for p in SAMPLES)
    assert sorted(j["slug"] for j in other["jurisdictions"]) == sorted(p.stem for p in CCOPS)
    assert default["model"] != other["model"]


def test_compare_of_one_other_model_never_takes_the_default_comparisons_name(tmp_path):
    assert main(["compare", *map(str, CCOPS), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "comparison-ccops.html").is_file() and not (tmp_path / "comparison.html").exists()


def test_build_takes_files_of_both_models_together(tmp_path):
    assert main(["build", str(SAMPLES[0]), str(CCOPS[0]), "--out", str(tmp_path), "--jobs", "2"]) == 0
    for path in (SAMPLES[0], CCOPS[0]):
        assert (tmp_path / path.stem / "ordinance.docx").is_file()


def test_draft_new_writes_the_model_key_for_a_model_other_than_the_default(tmp_path):
    assert main(["new", "County of Yolo", "--model", "ccops", "--out-dir", str(tmp_path)]) == 0
    text = (tmp_path / "yolo_county.yaml").read_text()
    assert 'model: "ccops"' in text and "kind: \"county\"" in text
    assert main(["new", "City of Davis", "--out-dir", str(tmp_path)]) == 0
    assert "model:" not in (tmp_path / "davis.yaml").read_text()


def test_draft_new_names_a_model_folder_relative_to_the_new_file(tmp_path):
    shutil.copytree(ROOT / "templates" / "ccops", tmp_path / "models" / "mine")
    assert main(["new", "City of Davis", "--model", str(tmp_path / "models" / "mine"),
                 "--out-dir", str(tmp_path / "jur")]) == 0
    text = (tmp_path / "jur" / "davis.yaml").read_text()
    assert 'model: "../models/mine"' in text
    assert folder_for(tmp_path / "jur" / "davis.yaml", default_folder()).resolve() == (tmp_path / "models" / "mine")


def test_two_models_whose_folders_share_a_name_get_two_comparisons(tmp_path, capsys):
    for side in ("a", "b"):
        shutil.copytree(ROOT / "templates" / "ccops", tmp_path / side / "model")
        text = CCOPS[0].read_text(encoding="utf-8").replace("model: ccops", "model: model")
        (tmp_path / side / f"{side}.yaml").write_text(text, encoding="utf-8")
    assert main(["compare", str(tmp_path / "a" / "a.yaml"), str(tmp_path / "b" / "b.yaml"),
                 "--out", str(tmp_path / "out")]) == 0
    first = json.loads((tmp_path / "out" / "comparison-model.json").read_text())
    second = json.loads(next(p for p in (tmp_path / "out").glob("comparison-model-*.json")).read_text())
    assert [j["slug"] for j in first["jurisdictions"]] == ["a"] and [j["slug"] for j in second["jurisdictions"]] == ["b"]
