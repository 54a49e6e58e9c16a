"""Rendering: every sample renders with its values, strictly, with renumbering and exact escaping."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import pytest

from draftkit.build import render_ordinance, render_staff_report
from draftkit.context import build_context, effective_date, plan_sections
from draftkit.errors import TemplateProblem
from draftkit.render import longdate, money, names, number_words, render_template, spelled


def text_of(rendered) -> str:
    return "\n".join(p.text for p in rendered.text.paragraphs)


def xml_parts(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def with_data(j, **groups):
    data = {k: dict(v) if isinstance(v, dict) else v for k, v in j.data.items()}
    for group, values in groups.items():
        data[group] = {**data[group], **values} if isinstance(data.get(group), dict) else values
    return replace(j, data=data)


@pytest.fixture(scope="module")
def rendered(samples, model):
    return {slug: render_ordinance(j, model) for slug, j in samples.items()}


@pytest.mark.parametrize("slug", ["richmond", "berkeley", "oakland", "alameda", "marin_county"])
def test_each_sample_renders_with_its_values(rendered, samples, model, slug):
    j, text = samples[slug], text_of(rendered[slug])
    jur = j.data["jurisdiction"]
    expected = [jur["full_name"], jur["governing_body"], jur["executive"], f"Sec. {jur['chapter']}.010.",
                spelled(j.data["policy"]["appeal_days"]), j.data["policy"]["report_due"]]
    if not any(a["provision"] == "enforcement" and a["action"] == "replace" for a in j.data["amendments"] or []):
        expected += [money(j.data["policy"]["penalty_cap"]), money(j.data["policy"]["fee_cap"]),
                     spelled(j.data["policy"]["cure_days"])]
    for value in expected:
        assert value in text, f"{slug}: {value!r} missing"
    assert "{{" not in xml_parts(rendered[slug].docx) and "{%" not in xml_parts(rendered[slug].docx)
    assert [s.key for s in rendered[slug].text.sections if s.key and not s.key.startswith("local_")][1:] == \
        [s.key for s in plan_sections(j, model).sections if not s.added]


def test_canonical_model_is_long_enough_and_bracketed(canonical, model):
    text = text_of(render_ordinance(canonical, model))
    assert len(text.split()) >= 1500
    assert "[City of ___]" in text and "Sec. [Chapter].050." in text


def test_investments_off_renumbers_without_gap(rendered, samples):
    berkeley = rendered["berkeley"].text
    numbers = [s.number for s in berkeley.sections if s.number]  # four provisions folded into .030, as the BMC
    assert numbers == [f"13.105.{n:03d}" for n in range(10, 60, 10)]
    assert "investments" not in {s.key for s in berkeley.sections}
    assert "Prohibition on investments" not in text_of(rendered["berkeley"])


def test_cross_references_follow_renumbering(rendered):
    """Richmond: the waiver is .050 and the appeal .080; Berkeley folds both into .030 (investments off, as the
    BMC); the text cites those numbers."""
    for slug, waiver, appeal in (("berkeley", "13.105.030", "13.105.030"), ("richmond", "2.70.050", "2.70.080")):
        sections = {s.key: s for s in rendered[slug].text.sections}
        plan = rendered[slug].plan
        assert plan.get("waiver").number == waiver and plan.get("appeal").number == appeal
        assert f"Section {waiver}" in sections["contracts"].text
        assert f"Section {appeal}" in sections["report"].text
        cited = set(re.findall(r"Section (\d+\.\d+\.\d+)", text_of(rendered[slug])))
        assert cited <= {s.number for s in sections.values()}, f"{slug} cites a section it lacks"


def test_added_section_is_numbered_and_shifts_the_rest(rendered):
    sections = {s.key: s for s in rendered["marin_county"].text.sections}
    assert sections["report"].number == "2.90.090"
    assert sections["local_1"].number == "2.90.100" and "Community oversight" in sections["local_1"].title
    assert sections["enforcement"].number == "2.90.110"


def test_replaced_section_text(rendered, samples):
    amendment = samples["berkeley"].data["amendments"][0]
    enforcement = next(s for s in rendered["berkeley"].text.sections if s.key == "enforcement")
    first_words = " ".join(amendment["text"].split()[:8])
    assert enforcement.body[0].text.startswith(first_words)
    assert "Enforcement; right" in enforcement.title


def test_special_characters_render_exactly(samples, model):
    tricky = 'Fines & Penalties <Sec. 5> "quoted" \'single\' — Peña Ñuñoa'
    j = with_data(samples["richmond"], jurisdiction={"full_name": tricky})
    text = text_of(render_ordinance(j, model))
    assert f"The City Council of the {tricky} does ordain" in text


def test_strict_rendering_names_template_and_variable(samples, model):
    j = samples["richmond"]
    plan = plan_sections(j, model)
    context = build_context(j, model, plan)
    del context["sanctuary"]
    with pytest.raises(TemplateProblem) as caught:
        render_template(model.templates["ordinance"], context)
    assert "ordinance.docx" in str(caught.value) and "`sanctuary` has no value" in str(caught.value)
    context = build_context(j, model, plan)
    del context["policy"]["cure_days"]
    with pytest.raises(TemplateProblem, match=r"`policy.cure_days` has no value"):
        render_template(model.templates["ordinance"], context)


def test_reference_to_a_switched_off_section_is_an_error(samples, model):
    j = samples["berkeley"]
    context = build_context(j, model, plan_sections(j, model))
    context["include"]["investments"] = True  # the template would print the section, which has no number
    with pytest.raises(TemplateProblem, match=r"`sec.investments` has no value"):
        render_template(model.templates["ordinance"], context)


def test_effective_date_computed_or_given(samples, model):
    richmond = samples["richmond"]
    assert effective_date(richmond, model) == date(2018, 7, 5)
    urgent = with_data(richmond, ordinance={"urgency": True})
    assert effective_date(urgent, model) == date(2018, 6, 5)
    given = with_data(richmond, ordinance={"effective": date(2018, 8, 1)})
    assert effective_date(given, model) == date(2018, 8, 1)
    assert effective_date(samples["alameda"], model) is None


def test_certificate_lists_votes_by_name(rendered):
    certificate = next(s for s in rendered["richmond"].text.sections if s.key == "certificate").text
    assert re.search(r"AYES:\s+Jovanka Beckles, Eduardo Martinez, Jael Myrick, Ada Recinos and Melvin Willis", certificate)
    assert re.search(r"NOES:\s+Tom Butt", certificate) and re.search(r"ABSTAIN:\s+None", certificate)
    assert re.search(r"ABSENT:\s+Nathaniel Bates", certificate)
    assert "July 5, 2018" in certificate


def test_staff_report_has_every_heading(samples, model):
    j = samples["oakland"]
    from draftkit.docx_text import read_docx

    text = "\n".join(p.text for p in read_docx(render_staff_report(j, model, plan_sections(j, model), [])).paragraphs)
    for heading in ("TO:", "FROM:", "DATE:", "SUBJECT:", "Recommendation", "Executive Summary", "Fiscal Impact",
                    "Background", "Analysis", "Environmental Review", "Contact", "Attachments", "Departures"):
        assert heading.lower() in text.lower(), heading
    assert j.data["staff_report"]["author"] in text and j.data["staff_report"]["contact_email"] in text


def test_filters():
    assert number_words(365) == "three hundred sixty-five" and spelled(30) == "thirty (30)"
    assert money(15000) == "$15,000" and longdate(date(2018, 6, 5)) == "June 5, 2018"
    assert names(["A", "B", "C"]) == "A, B and C" and names([]) == "None" and longdate("[date]") == "[date]"


def test_output_is_deterministic(samples, model):
    first = render_ordinance(samples["oakland"], model).docx
    assert render_ordinance(samples["oakland"], model).docx == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    stamp = samples["oakland"].data["staff_report"]["date"].isoformat()
    assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{stamp}T00:00:00Z<" in core and "City of Oakland" in core
