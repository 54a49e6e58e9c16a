"""Values are data, never code; templates run sandboxed; no name can lead outside the output folder."""
from __future__ import annotations

from dataclasses import replace

import pytest
from docx import Document

from draftkit.build import render_ordinance
from draftkit.errors import InvalidInput, TemplateProblem
from draftkit.jurisdiction import load_jurisdiction
from draftkit.pair import safe_slug
from draftkit.render import render_template
from draftkit.scaffold import slug_for

INJECTIONS = ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}", "{{ ''.__class__.__mro__ }}",
              "{%p if true %}", "{{ config }}"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_template_syntax_in_a_value_appears_literally(samples, model, payload):
    j = samples["marin_county"]
    data = {**j.data, "jurisdiction": {**j.data["jurisdiction"], "full_name": payload},
            "amendments": [{**j.data["amendments"][0], "text": f"Local text {payload} ends."}]}
    text = "\n".join(p.text for p in render_ordinance(replace(j, data=data), model).text.paragraphs)
    assert f"The Board of Supervisors of the {payload} does ordain" in text
    assert f"Local text {payload} ends." in text
    assert "49" not in text.replace("2.90.", "")


def _template(tmp_path, text: str):
    document = Document()
    document.add_paragraph(text)
    path = tmp_path / "t.docx"
    document.save(path)
    return path


@pytest.mark.parametrize("expression", ["{{ ''.__class__.__mro__ }}", "{{ policy.__class__.__subclasses__() }}",
                                        "{{ policy.items.__globals__ }}"])
def test_a_template_reaching_for_internals_is_stopped(tmp_path, expression):
    with pytest.raises(TemplateProblem, match="may not use|has no value|unsafe|access"):
        render_template(_template(tmp_path, expression), {"policy": {"a": 1}})


def test_template_syntax_error_names_the_template(tmp_path):
    with pytest.raises(TemplateProblem, match=r"t\.docx: template syntax error"):
        render_template(_template(tmp_path, "{{ unclosed "), {})


@pytest.mark.parametrize("stem", ["dots.in.name", "con", "NUL", "a" * 65, "has space", ".hidden"])
def test_file_names_that_cannot_name_an_output_folder(tmp_path, model, richmond_text, stem):
    folder = tmp_path / "deep"
    folder.mkdir()
    path = folder / f"{stem}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(richmond_text)
    with pytest.raises(InvalidInput, match="the file name must be"):
        load_jurisdiction(path, model)


@pytest.mark.parametrize("name, slug", [("City of San José", "san_jose"), ("../../etc/passwd", "etc_passwd"),
                                        ("County of Marin", "marin_county"), ("/abs/olute", "abs_olute")])
def test_new_files_get_safe_names(name, slug):
    assert slug_for(name) == slug


@pytest.mark.parametrize("stem", ["../../x", "a/b\\c", "...", "naïve name"])
def test_docx_inputs_get_safe_folder_names(stem):
    slug = safe_slug(stem)
    assert slug and "/" not in slug and "\\" not in slug and not slug.startswith(".")
