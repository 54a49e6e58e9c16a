"""`draft model show`: the model's text with its blanks, its provisions and its fields, in the terminal and as
model.html, for every shipped model, without building anything."""
from __future__ import annotations

import html
import re

import pytest

from draftkit.cli import main
from draftkit.jurisdiction import load_canonical
from draftkit.model import load_model
from draftkit.models import shipped
from draftkit.modelshow import BLANK, model_html, model_text, view_of


def leaf_fields(schema: dict, prefix: str = ""):
    for key, rule in schema.items():
        yield f"{prefix}{key}", rule
        if rule.get("type") == "dict" and isinstance(rule.get("schema"), dict):
            yield from leaf_fields(rule["schema"], f"{prefix}{key}.")


@pytest.mark.parametrize("name", sorted(shipped()))
def test_the_page_holds_every_provision_field_and_blank(name):
    model = load_model(shipped()[name])
    page = model_html(view_of(model))
    for p in model.provisions:
        assert f'<td class="field">{html.escape(p.id)}</td><td>{html.escape(p.label)}</td>' in page
    for path, _ in leaf_fields(model.schema):
        assert f'<td class="field">{html.escape(path)}</td>' in page, path
    from draftkit.build import render_ordinance

    text = " ".join(p.text for p in render_ordinance(load_canonical(model), model).text.paragraphs)  # blanks of the
    # model as it stands; optional provisions are shown too
    blanks = set(BLANK.findall(text))
    assert blanks, "a model has blanks to fill"
    for blank in blanks:
        assert f'<mark class="blank">{html.escape(blank)}</mark>' in page, blank
    assert page.count("<h3>") >= sum(1 for p in model.provisions if p.numbered)


def test_the_terminal_shows_the_text_the_provisions_and_each_fields_type_and_value():
    model = load_model(shipped()["ordinance"])
    text = model_text(view_of(model))
    assert text.startswith(model.name)
    assert "THE MODEL'S TEXT" in text and f"PROVISIONS ({len(model.provisions)})" in text
    assert re.search(r"^\s+cure_days \(number, required\): Cure period \(days\) = 90$", text, re.M)
    assert re.search(r"^\s+investments\s+Investment prohibition\s+a section of the code; only when "
                     r"policy\.investments is true$", text, re.M)


def test_draft_model_show_writes_model_html_beside_other_models_pages(tmp_path, capsys):
    assert main(["model", "show", "--out", str(tmp_path)]) == 0
    assert main(["model", "show", "ccops", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "wrote" in out and (tmp_path / "model.html").is_file() and (tmp_path / "model-ccops.html").is_file()
    assert "<title>" in (tmp_path / "model-ccops.html").read_text()


def test_a_broken_model_is_not_shown(tmp_path, capsys):
    assert main(["model", "show", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "not a model folder" in capsys.readouterr().err and not (tmp_path / "out").exists()
    (tmp_path / "model.yaml").write_text("name: Broken\n")
    assert main(["model", "show", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert "model.yaml lacks" in capsys.readouterr().err and not (tmp_path / "out").exists()
