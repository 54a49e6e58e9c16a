"""`draft model check`: a corpus of broken model folders, each giving one located line per problem and exit 1;
the shipped models pass; build and validate run the same check first and never give a traceback."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT

from draftkit.cli import main
from draftkit.errors import InvalidInput
from draftkit.modelcheck import check_model
from draftkit.models import shipped

ORDINANCE = ROOT / "templates" / "ordinance"


def copy_model(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(ORDINANCE, folder)
    return folder


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_docx(path, old: str, new: str) -> None:
    """Change the text of a template's body (the first occurrence of `old` inside one run)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml, f"{old!r} not in {path.name}"
    parts["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def line_of(path, text: str) -> int:
    hits = [i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if text in line]
    assert len(hits) == 1, hits
    return hits[0]


def missing_bookmark(folder):
    edit(folder / "model.yaml", "  - {id: severability,", "  - {id: extra, label: Extra}\n  - {id: severability,")
    return rf"^{re.escape(str(folder / 'model.yaml'))}:{line_of(folder / 'model.yaml', 'id: extra')}:\d+: " \
           r"provisions\[\d+\]\.id: `extra` has no bookmark `prov_extra` in ordinance\.docx"


def undeclared_field(folder):
    edit_docx(folder / "ordinance.docx", "Findings", "Findings {{ policy.bogus_days }}")
    return rf"^{re.escape(str(folder / 'ordinance.docx'))}: policy\.bogus_days: the template uses this field, which " \
           r"schema\.yaml does not declare"


def undeclared_name(folder):
    edit_docx(folder / "ordinance.docx", "Findings", "Findings {{ bogus }}")
    return rf"^{re.escape(str(folder / 'ordinance.docx'))}: bogus: the template uses this name"


def unknown_provision(folder):
    edit_docx(folder / "ordinance.docx", "Findings", "Findings {{ sec.nowhere }}")
    return rf"^{re.escape(str(folder / 'ordinance.docx'))}: sec\.nowhere: `nowhere` is not a provision in model\.yaml"


def unused_field(folder):
    text = (folder / "schema.yaml").read_text(encoding="utf-8")
    (folder / "schema.yaml").write_text(text + "\nunused_notes:\n  type: string\n  nullable: true\n"
                                        "  meta: {label: Notes nothing uses}\n", encoding="utf-8")
    return rf"^{re.escape(str(folder / 'schema.yaml'))}:{line_of(folder / 'schema.yaml', 'unused_notes:')}:\d+: " \
           r"unused_notes: no template or rule uses this field"


def values_fail(folder):
    edit(folder / "values.yaml", "cure_days: 90", "cure_days: ninety")
    return rf"^{re.escape(str(folder / 'values.yaml'))}:{line_of(folder / 'values.yaml', 'cure_days: ninety')}:\d+: " \
           r"policy\.cure_days: must be a whole number"


def adoption_type(folder):
    edit(folder / "model.yaml", "  adopted: ordinance.adopted\n", "  adopted: ordinance.number\n")
    return rf"^{re.escape(str(folder / 'model.yaml'))}:{line_of(folder / 'model.yaml', 'adopted: ordinance.number')}" \
           r":\d+: adoption\.adopted: `ordinance\.number` must be a date for this part in adoption"


def adoption_missing(folder):
    edit(folder / "model.yaml", "  urgency: ordinance.urgency\n", "  urgency: ordinance.emergency\n")
    return rf"^{re.escape(str(folder / 'model.yaml'))}:\d+:\d+: adoption\.urgency: names `ordinance\.emergency`, " \
           r"which schema\.yaml does not declare"


def syntax_error(folder):
    edit_docx(folder / "ordinance.docx", "Findings", "Findings {{ policy.cure_days }")
    return rf"^{re.escape(str(folder / 'ordinance.docx'))}: template syntax error in word/document\.xml: .+ near \""


def vote_group(folder):
    edit(folder / "model.yaml", "abstain: abstain,", "abstain: abstaining,")
    return rf"^{re.escape(str(folder / 'model.yaml'))}:\d+:\d+: adoption\.vote_groups\.abstain: " \
           r"`ordinance\.vote\.abstaining` must be a list field"


BROKEN = [missing_bookmark, undeclared_field, undeclared_name, unknown_provision, unused_field, values_fail,
          adoption_type, adoption_missing, syntax_error, vote_group]


@pytest.mark.parametrize("name", sorted(shipped()))
def test_the_shipped_models_pass(name):
    assert check_model(shipped()[name]) == []


@pytest.mark.parametrize("breakage", BROKEN, ids=lambda f: f.__name__)
def test_each_broken_model_gives_one_located_line_and_exit_1(tmp_path, capsys, breakage):
    folder = copy_model(tmp_path)
    expected = breakage(folder)
    assert main(["model", "check", str(folder)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-1] == f"1 problem(s) in the model folder {folder}", lines
    assert len(lines) == 2 and re.match(expected, lines[0]), lines[0]


def test_a_provision_without_its_bookmark_stops_build_with_the_located_line_not_a_traceback(tmp_path):
    """The case that used to pass `draft validate` and crash `draft build` with a KeyError."""
    folder = copy_model(tmp_path)
    missing_bookmark(folder)
    result = subprocess.run([sys.executable, str(ROOT / "draft.py"), "build", "--model", str(folder),
                             str(ROOT / "jurisdictions" / "oakland.yaml"), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"model\.yaml:\d+:\d+: provisions\[\d+\]\.id: `extra` has no bookmark", result.stderr)
    assert "draft model check" in result.stderr
    assert not (tmp_path / "out").exists(), "nothing is written for a broken model"


def test_validate_runs_the_checks_that_need_no_template(tmp_path, capsys):
    folder = copy_model(tmp_path)
    values_fail(folder)
    assert main(["validate", "--model", str(folder), str(ROOT / "jurisdictions" / "oakland.yaml")]) == 1
    assert re.search(r"values\.yaml:\d+:\d+: policy\.cure_days: must be a whole number", capsys.readouterr().err)


def test_a_role_naming_a_field_of_another_type_is_refused_for_every_typed_role(tmp_path):
    folder = copy_model(tmp_path)
    edit(folder / "model.yaml", "  seats: jurisdiction.seats", "  seats: jurisdiction.name")
    edit(folder / "model.yaml", "  members: jurisdiction.members\n", "  members: jurisdiction.chapter\n")
    found = [str(p) for p in check_model(folder)]
    assert len(found) == 2
    assert any("adoption.seats: `jurisdiction.name` must be a whole number" in p for p in found)
    assert any("adoption.members: `jurisdiction.chapter` must be a list" in p for p in found)


def test_a_sound_folder_is_checked_once_until_it_changes(tmp_path, monkeypatch):
    from draftkit import modelcheck

    monkeypatch.setenv("DRAFTKIT_CACHE", str(tmp_path / "cache"))
    folder = copy_model(tmp_path)
    calls = []
    real = modelcheck._checked
    monkeypatch.setattr(modelcheck, "_checked", lambda *a: calls.append(a) or real(*a))
    modelcheck.require_sound(folder)
    modelcheck.require_sound(folder)
    assert len(calls) == 1, "the second command trusts the verdict on the unchanged folder"
    values_fail(folder)
    with pytest.raises(InvalidInput, match=r"policy\.cure_days: must be a whole number"):
        modelcheck.require_sound(folder)
    assert len(calls) == 2
    monkeypatch.setenv("DRAFTKIT_CACHE", "")
    edit(folder / "values.yaml", "cure_days: ninety", "cure_days: 90")
    modelcheck.require_sound(folder)
    modelcheck.require_sound(folder)
    assert len(calls) == 4, "an empty DRAFTKIT_CACHE turns the cache off"


def test_validate_lists_a_broken_models_problems_once_then_each_file_it_could_not_check(tmp_path, capsys):
    folder = copy_model(tmp_path)
    values_fail(folder)
    files = [ROOT / "jurisdictions" / "oakland.yaml", ROOT / "jurisdictions" / "berkeley.yaml"]
    assert main(["validate", "--model", str(folder), *map(str, files)]) == 1
    err = capsys.readouterr().err
    assert err.count("policy.cure_days: must be a whole number") == 1
    assert all(f"{f}: not checked: its model" in err for f in files)
