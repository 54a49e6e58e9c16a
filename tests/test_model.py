"""A model folder that is not one is refused with what is wrong in it, never a traceback (issue 13)."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from draftkit.errors import ModelProblem
from draftkit.model import DEFAULT_MODEL, get, load_model

SPEC = "name: x\nschema: schema.yaml\nvalues: values.yaml\nprovisions: [{id: a, label: A}]\n" \
       "templates: {ordinance: ordinance.docx, staff_report: staff_report.docx}\n"


@pytest.mark.parametrize("change, message", [
    (("provisions: [{id: a, label: A}]", "provisions: [1, 2]"), r"provisions\[0\] must be a group of fields such as"),
    (("provisions: [{id: a, label: A}]", "provisions: [{id: a, name: A}]"), r"provisions\[0\] must be a group of fields such as \{id: title, label: Title\}, with optional when"),
    (("provisions: [{id: a, label: A}]", "provisions: []"), "`provisions` must be a list of sections"),
    (("templates: {ordinance: ordinance.docx, staff_report: staff_report.docx}", "templates: x"),
     "`templates` must name the files of the ordinance and staff_report templates"),
    (("templates: {ordinance: ordinance.docx, staff_report: staff_report.docx}", "templates: {a: b.docx}"),
     "`templates` must name the files of the ordinance and staff_report templates"),
    (("schema: schema.yaml", "schema: [1]"), "`schema` must be text"),
    (("name: x\n", ""), "model.yaml lacks `name`"),
])
def test_a_malformed_model_yaml_is_refused_with_what_is_wrong(tmp_path, change, message):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.yaml").write_text(SPEC.replace(*change))
    (folder / "schema.yaml").write_text("a: {type: string}\n")
    for name in ("ordinance.docx", "staff_report.docx"):
        shutil.copy(DEFAULT_MODEL / name, folder / name)
    with pytest.raises(ModelProblem, match=message):
        load_model(folder)


def test_a_schema_the_validator_cannot_use_is_the_models_problem(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(DEFAULT_MODEL, folder)
    (folder / "schema.yaml").write_text("a: {type: nonsense}\n")
    with pytest.raises(ModelProblem, match=r"schema.yaml: not a schema the validator can use: .*Unsupported types"):
        load_model(folder)
    result = subprocess.run([sys.executable, str(ROOT / "draft.py"), "--model", str(folder), "validate",
                             str(ROOT / "jurisdictions/richmond.yaml")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_a_role_the_model_does_not_name_reads_as_no_value():
    assert get({"a": {"b": 1}}, None) is None and get({"a": {"b": 1}}, ("a", "b")) == 1
