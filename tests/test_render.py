"""The docxtpl adapter renders every part exactly as plain docxtpl does, render after render, from a template
it opens once."""
from __future__ import annotations

import io
import zipfile

import pytest
from conftest import ALL_SAMPLES
from docx import Document
from docxtpl import DocxTemplate

from draftkit.amend import apply_amendments
from draftkit.build import render_ordinance
from draftkit.changelist import departures
from draftkit.context import build_context, plan_sections
from draftkit.diff import compare
from draftkit.errors import TemplateProblem
from draftkit.jurisdiction import load_canonical, load_jurisdiction, with_identity_of
from draftkit.model import load_model
from draftkit.models import folder_for, option
from draftkit.ooxml.names import w
from draftkit.ooxml.zipped import CORE, core_xml, document_parts
from draftkit.render import document_xml, make_environment, render_template


def plain_docxtpl(path, context, amend=None) -> dict[str, bytes]:
    """What docxtpl itself writes: the template opened afresh, rendered, (amended,) its parts as saved."""
    template = DocxTemplate(str(path))
    template.render(context, jinja_env=make_environment(), autoescape=True)
    if amend:
        amend(template.docx.element.body)
    return document_parts(template.docx)


def ours(path, context, amend=None) -> dict[str, bytes]:
    root, parts = render_template(path, context)
    if amend:
        amend(root.find(w("body")))
    return {**parts, "word/document.xml": document_xml(root)}


def assert_same_parts(expected: dict[str, bytes], found: dict[str, bytes]) -> None:
    assert sorted(found) == sorted(expected)
    for name in expected:
        if name == CORE:  # python-docx stamps a made-up core part with the clock: compare without it
            assert core_xml(found[name], {}) == core_xml(expected[name], {}), name
        else:
            assert found[name] == expected[name], name


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.stem)
def test_every_sample_renders_as_plain_docxtpl_renders_it(path):
    model = load_model(folder_for(path, option(None)))
    j = load_jurisdiction(path, model)
    plan = plan_sections(j, model)
    listed = departures(compare(render_ordinance(with_identity_of(load_canonical(model), j, model), model).text,
                                render_ordinance(j, model).text), model)  # quoted texts with line breaks
    for kind, context, amend in (("ordinance", build_context(j, model, plan), lambda b: apply_amendments(b, plan)),
                                 ("staff_report", build_context(j, model, plan, listed), None)):
        expected = plain_docxtpl(model.templates[kind], context, amend)
        if kind == "staff_report" and path.stem == "oakland":  # docxtpl's listing step had line breaks to make
            assert expected["word/document.xml"].count(b"<w:br/>") > 10
        for _ in range(2):  # the second render starts from the same opened template: nothing carried over
            assert_same_parts(expected, ours(model.templates[kind], context, amend))


@pytest.fixture
def templated(tmp_path):
    """A template with Jinja in the body, a table row loop, the header, the footer and the core title."""
    document = Document()
    document.core_properties.title = "Ordinance for {{ name }}"
    document.core_properties.identifier = ""
    section = document.sections[0]
    section.header.paragraphs[0].text = "Header: {{ name }}"
    section.footer.paragraphs[0].text = "Footer {{ number }}"
    document.add_paragraph("The City of {{ name }} adopts {{ text }}.")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for row in rows %}"
    table.cell(1, 0).text = "{{ row.a }}"
    table.cell(1, 1).text = "{{ row.b }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    document.add_paragraph("{% if flag %}Shown{% endif %} end")
    path = tmp_path / "template.docx"
    document.save(path)
    return path


@pytest.mark.parametrize("context", [
    {"name": "Alameda", "text": "this", "number": 1, "rows": [{"a": "x", "b": "y"}], "flag": True},
    {"name": "Bay <&> \"Point\"", "text": "one\ttab\nand a new line\fand a page", "number": 22,
     "rows": [{"a": i, "b": i * 2} for i in range(5)], "flag": False},
    {"name": "A", "text": "", "number": 0, "rows": [], "flag": True},
], ids=["plain", "listing characters and escaping", "empty loop"])
def test_headers_footers_tables_properties_and_listing_as_docxtpl(templated, context):
    expected = plain_docxtpl(templated, context)
    assert_same_parts(expected, ours(templated, context))
    assert b"Header: " + context["name"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode() \
        in b"".join(v for k, v in expected.items() if "header" in k)


def test_renders_in_any_order_and_after_a_failure_stay_exact(templated):
    first = {"name": "One", "text": "a", "number": 1, "rows": [], "flag": True}
    second = {"name": "Two", "text": "b\nc", "number": 2, "rows": [{"a": 1, "b": 2}], "flag": False}
    ours(templated, second)
    with pytest.raises(TemplateProblem, match="has no value"):
        ours(templated, {"name": "Three"})
    assert_same_parts(plain_docxtpl(templated, first), ours(templated, first))
    found = ours(templated, second)
    assert_same_parts(plain_docxtpl(templated, second), found)
    assert b"Ordinance for Two" in found[CORE]


def test_a_template_changed_on_disk_is_read_again(templated, tmp_path):
    context = {"name": "X", "text": "t", "number": 1, "rows": [], "flag": True}
    before = ours(templated, context)
    document = Document(templated)
    document.add_paragraph("Added later for {{ name }}.")
    document.save(templated)
    after = ours(templated, context)
    assert b"Added later for X." in after["word/document.xml"]
    assert b"Added later" not in before["word/document.xml"]
    with zipfile.ZipFile(io.BytesIO(templated.read_bytes())) as package:
        assert "word/document.xml" in package.namelist()


def test_a_word_made_template_with_notes_text_box_image_and_two_sections(tmp_path):
    """What a model brought as a Word file may hold: footnotes with fields (docxtpl renders that part once
    per section), a text box, an image, a header and a footer, and a second section."""
    from support.ooxml_build import footnote_ref, heading, inline_image, p, package, sect_pr, t, text_box

    body = (heading("Findings for {{ name }}") + p(t("The City of {{ name }} adopts this."), footnote_ref(1))
            + p(t("{% if flag %}Shown{% endif %}"), text_box("Box for {{ name }}")) + p(inline_image())
            + p(t("Second section."), extra_ppr=sect_pr()) + p(t("{{ text }}")))
    path = tmp_path / "word_model.docx"
    path.write_bytes(package(body, footnotes={1: "Note on {{ name }}."}, header="Header {{ name }}",
                             footer="Page footer", image=True))
    for context in ({"name": "Alameda", "flag": True, "text": "a\tb"}, {"name": "Bay & <Co>", "flag": False,
                                                                         "text": "line\nbreak"}):
        expected = plain_docxtpl(path, context)
        found = ours(path, context)
        assert_same_parts(expected, found)
        assert b"Note on " + context["name"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode() \
            in found["word/footnotes.xml"]
