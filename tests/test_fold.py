"""`action: fold`: a provision that is no section of its own. Its heading goes, its text continues the section
before it, later sections renumber, references to it read as the number of the section that holds it; the
redline strikes the model's heading through and nothing else, and the change list and staff report say so."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from lxml import etree
from support import libreoffice, ooxml_reader, openxml_sdk

from draftkit.build import render_ordinance
from draftkit.context import plan_sections
from draftkit.docx_text import read_docx
from draftkit.errors import InvalidInput
from draftkit.jurisdiction import load_jurisdiction
from draftkit.ooxml.edit import marks_a_point
from draftkit.ooxml.names import w
from draftkit.packet import build_packet

BASE = (ROOT / "tests/bad_inputs/sanctuary_after_adoption.yaml").read_text(encoding="utf-8").replace(
    "since: 2019-07-10", "since: 1990-07-10")
W_NS = w("")[1:-1]


def _fold(*items: str) -> str:
    """The base file (chapter 2.70, investments on) with these amendment items (YAML text, 2-space indent)."""
    return BASE.replace("amendments: []\n", "amendments:\n" + "".join(items))


def fold(provision: str) -> str:
    return f"  - provision: {provision}\n    action: fold\n"


def _load(tmp_path, text: str, model):
    path = tmp_path / "town.yaml"
    path.write_text(text, encoding="utf-8")
    return load_jurisdiction(path, model)


def _problems(tmp_path, text: str, model) -> list[str]:
    path = tmp_path / "town.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_jurisdiction(path, model)
    return [str(p).replace(str(path), "{path}") for p in caught.value.problems]


@pytest.fixture(scope="module")
def berkeley(samples, model, canonical):
    """Berkeley's packet: waiver, solicitations, identification and appeal fold into 13.105.030, as BMC 13.105."""
    return build_packet(samples["berkeley"], model, canonical).files


# --- the plan --------------------------------------------------------------------------------------------------


def test_folded_provisions_take_the_number_of_the_section_holding_them(samples, model):
    plan = plan_sections(samples["berkeley"], model)
    numbers = {s.key: s.number for s in plan.sections}
    assert numbers["contracts"] == "13.105.030"
    assert [numbers[k] for k in ("waiver", "solicitations", "identification", "appeal")] == ["13.105.030"] * 4
    assert {plan.get(k).into for k in ("waiver", "solicitations", "identification", "appeal")} == {"contracts"}
    assert (numbers["report"], numbers["enforcement"]) == ("13.105.040", "13.105.050")
    assert plan.get("contracts").into is None and plan.get("report").into is None


def test_a_fold_after_an_added_section_continues_the_added_section(tmp_path, model):
    added = ("  - provision: contracts\n    action: add_after\n    title: Local purchasing rules\n"
             "    text: The City Manager may issue rules to carry out this chapter.\n")
    j = _load(tmp_path, _fold(added, fold("investments"), fold("waiver")), model)
    plan = plan_sections(j, model)
    assert plan.get("local_1").number == "2.70.040"
    assert plan.get("investments").into == "local_1" and plan.get("waiver").into == "local_1"
    assert plan.get("investments").number == plan.get("waiver").number == "2.70.040"
    assert plan.get("solicitations").number == "2.70.050"


def test_an_act_section_folds_into_the_act_section_before_it(tmp_path, model, canonical):
    j = _load(tmp_path, _fold(fold("publication")), model)
    plan = plan_sections(j, model)
    assert plan.get("publication").into == "effective_date" and plan.get("publication").number == "5"
    text = render_ordinance(j, model).text
    publication = next(s for s in text.sections if s.key == "publication")
    assert publication.heading is None and "SECTION 6" not in "\n".join(p.text for p in text.paragraphs)
    changes = json.loads(build_packet(j, model, canonical).files["changes.json"])
    found = {c["provision"]: c for c in changes["changed_sections"]}["publication"]
    assert found["folded_into"] == "effective_date"
    assert found["summary"] == "no longer a section of its own; its text continues “SECTION 5. Effective date”"


# --- the ordinance -----------------------------------------------------------------------------------------------


def test_the_ordinance_has_no_heading_for_a_folded_provision_and_renumbers_after_it(berkeley):
    text = read_docx(berkeley["ordinance.docx"])
    headings = [s.heading.text for s in text.sections if s.heading is not None]
    assert "Sec. 13.105.030. Prohibition on contracts." in headings
    assert "Sec. 13.105.040. Annual compliance report." in headings
    assert "Sec. 13.105.050. Enforcement; right to cure." in headings
    assert not any("Waiver" in h or "Notice and appeal" in h or "13.105.060" in h for h in headings)
    order = [s.key for s in text.sections]
    assert order[order.index("contracts"):order.index("report") + 1] == [
        "contracts", "waiver", "solicitations", "identification", "appeal", "report"]
    waiver = next(s for s in text.sections if s.key == "waiver")
    assert (waiver.number, waiver.heading) == ("", None)
    assert waiver.body[0].text.startswith("(a) The City Manager may ask the City Council in writing to waive")


def test_references_to_a_folded_provision_read_as_the_section_holding_it(berkeley, tmp_path, model):
    paragraphs = [p.text for p in read_docx(berkeley["ordinance.docx"]).paragraphs]
    assert any(p.startswith("(a) Except as allowed by a waiver granted under Section 13.105.030, the City") for p in
               paragraphs)  # the template's sec.waiver
    assert any("outcome of any appeal under Section 13.105.030;" in p for p in paragraphs)
    appended = "  - provision: enforcement\n    action: append\n    text: Appeals follow Section [[appeal]].\n"
    j = _load(tmp_path, _fold(fold("waiver"), fold("solicitations"), fold("identification"), fold("appeal"),
                              appended), model)
    assert "Appeals follow Section 2.70.040." in [p.text for p in render_ordinance(j, model).text.paragraphs]


def test_a_typed_number_shared_by_folded_sections_names_the_section_holding_them(tmp_path, model):
    typed = "  - provision: report\n    action: append\n    text: See section 2.70.040.\n"
    assert _problems(tmp_path, _fold(fold("waiver"), typed), model) == [
        "{path}:84:11: amendments[1].text: the section number 2.70.040 is typed out; write [[investments]] (now "
        "2.70.040) so that it follows renumbering"]


# --- validation ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("items", "expected"), [
    ((fold("title"),), "{path}:81:13: amendments[0].action: 'title' is the first of the sections of the chapter in "
                       "this draft: no section of its part comes before it to take its text"),
    ((fold("findings"),), "{path}:81:13: amendments[0].action: 'findings' is the first of the sections of the "
                          "ordinance itself in this draft: no section of its part comes before it to take its text"),
    ((fold("severability"),), "{path}:81:13: amendments[0].action: 'severability' is one of the sections of the "
                              "ordinance itself and the section before it, 'enforcement', is one of the sections of "
                              "the chapter; a section can be folded only into one of its own part"),
    ((fold("certificate"),), "{path}:81:13: amendments[0].action: 'certificate' has no section number, so it cannot "
                             "be folded into another section"),
    ((fold("chapter"),), "{path}:81:13: amendments[0].action: 'chapter' is the section that adds the chapter; it "
                         "cannot be folded into another section"),
    ((fold("waiver"), fold("waiver")), "{path}:83:13: amendments[1].action: 'waiver' is already folded by "
                                       "amendments[0]; fold it once"),
    ((fold("waiver") + "    title: Waivers\n",), "{path}:82:12: amendments[0].title: a fold takes no title: the "
                                                  "folded provision has no heading"),
    ((fold("waiver") + "    text: Waivers are rare.\n",),
     "{path}:82:11: amendments[0].text: a fold takes no text: the folded text keeps the model's words; to change "
     "them too, add a replace or append item for the same provision"),
    ((fold("waiver"), "  - provision: waiver\n    action: replace\n    title: Waivers\n    text: Rarely.\n"),
     "{path}:84:12: amendments[1].title: 'waiver' is folded into the section before it (amendments[0]), so it has "
     "no heading to retitle"),
    (("  - provision: waiver\n    action: replace\n",), "{path}:81:13: amendments[0].action: a replace needs its text"),
])
def test_a_fold_that_cannot_be_made_is_a_located_problem(tmp_path, model, items, expected):
    assert _problems(tmp_path, _fold(*items), model) == [expected]


def test_a_switched_off_provision_cannot_be_folded(tmp_path, model):
    text = _fold(fold("investments")).replace("  investments: true", "  investments: false").replace(
        "  pension_request: true", "  pension_request: false")
    assert _problems(tmp_path, text, model) == [
        "{path}:80:16: amendments[0].provision: 'investments' is switched off in this draft (policy.investments is "
        "false), so it cannot be amended"]


def test_a_fold_may_come_with_a_replacement_of_the_folded_text(tmp_path, model, canonical):
    replaced = "  - provision: waiver\n    action: replace\n    text: The City Council may waive this section.\n"
    j = _load(tmp_path, _fold(fold("waiver"), replaced), model)
    text = render_ordinance(j, model).text
    waiver = next(s for s in text.sections if s.key == "waiver")
    assert waiver.heading is None and [p.text for p in waiver.body] == ["The City Council may waive this section."]
    changes = json.loads(build_packet(j, model, canonical).files["changes.json"])
    found = {c["provision"]: c for c in changes["changed_sections"]}["waiver"]
    assert found["summary"].startswith("no longer a section of its own; its text continues Sec. 2.70.040; ")


# --- reading -----------------------------------------------------------------------------------------------------


def _p(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>')


@pytest.mark.parametrize(("xml", "point"), [
    ('<w:bookmarkStart w:id="1" w:name="prov_waiver"/><w:bookmarkEnd w:id="1"/><w:r><w:t>(a) Text</w:t></w:r>', True),
    ('<w:bookmarkStart w:id="1" w:name="prov_waiver"/><w:r><w:t>Sec. 1. Waiver.</w:t></w:r><w:bookmarkEnd w:id="1"/>',
     False),
    ('<w:bookmarkStart w:id="1" w:name="prov_waiver"/><w:proofErr w:type="spellStart"/><w:bookmarkEnd w:id="1"/>'
     '<w:r><w:t>x</w:t></w:r>', True),
    ('<w:bookmarkStart w:id="1" w:name="_Toc1"/><w:bookmarkEnd w:id="1"/><w:r><w:t>x</w:t></w:r>', False),
])
def test_a_provision_bookmark_marks_a_point_or_encloses_a_heading(xml, point):
    assert marks_a_point(_p(xml)) is point


def test_a_folded_ordinance_saved_by_libreoffice_still_reads_with_its_folds(berkeley, tmp_path):
    libreoffice.require()
    (tmp_path / "ordinance.docx").write_bytes(berkeley["ordinance.docx"])
    libreoffice.edit(tmp_path / "ordinance.docx", tmp_path / "saved.docx",
                     [{"op": "replace", "find": "shall not enter into", "with": "must not enter into"}])
    sections = {s.key: s for s in read_docx((tmp_path / "saved.docx").read_bytes()).sections}
    assert all(sections[k].heading is None for k in ("waiver", "solicitations", "identification", "appeal"))
    assert sections["report"].number == "13.105.040"


# --- the redline, the change list and the staff report -----------------------------------------------------------


def _round_trips(files: dict[str, bytes], folder: Path) -> Path:
    """The packet's redline.docx, written to `folder` and checked: valid revisions, Accept All gives the
    ordinance, Reject All the baseline."""
    for name in ("redline.docx", "ordinance.docx", "baseline.docx"):
        (folder / name).write_bytes(files[name])
    redline = folder / "redline.docx"
    assert ooxml_reader.validate_revisions(redline) == []
    assert ooxml_reader.accepted(redline) == ooxml_reader.as_is(folder / "ordinance.docx")
    assert ooxml_reader.rejected(redline) == ooxml_reader.as_is(folder / "baseline.docx")
    return redline


def test_the_redline_docx_deletes_the_heading_only_and_round_trips(berkeley, tmp_path):
    redline = _round_trips(berkeley, tmp_path)
    body = ooxml_reader.load_document_xml(redline)
    paragraphs = list(body.iter(w("p")))
    heading = next(p for p in paragraphs if "".join(p.itertext()) == "Sec. 13.105.050. Waiver.")
    assert heading.find(f"{w('pPr')}/{w('rPr')}/{w('del')}") is not None  # its paragraph mark deleted
    assert heading.find(f".//{w('t')}") is None and heading.find(f".//{w('delText')}") is not None
    following = heading.getnext()
    assert "".join(t.text for t in following.iter(w("t"))).startswith("(a) The City Manager may ask")
    assert following.find(f".//{w('ins')}") is None and following.find(f".//{w('del')}") is None
    libreoffice.require()
    seen = libreoffice.roundtrip(redline)
    assert seen["accepted"] == libreoffice.read(tmp_path / "ordinance.docx")
    assert seen["rejected"] == libreoffice.read(tmp_path / "baseline.docx")


def test_the_redline_html_strikes_the_heading_through_and_keeps_the_text(berkeley):
    html = berkeley["redline.html"].decode()
    section = html[html.index('<section id="prov-waiver"'):]
    section = section[:section.index("</section>")]
    assert '<h3 class="para para-del"><del class="del">Sec. 13.105.050. Waiver.</del></h3>' in section
    assert '<p class="para">(a) The City Manager may ask the City Council in writing to waive' in section
    assert '<section id="prov-contracts" class="prov prov-unchanged">' in html  # references to folds: no change
    summary = html[html.index('<section class="summary"'):]
    assert '<a href="#prov-waiver">Waiver</a> <span class="was">(folded: text now in 13.105.030; model 13.105.050)' \
        in summary, "the summary says where a folded section's text now is, not the number it lost"


def test_changes_json_says_where_the_text_went(berkeley):
    changes = json.loads(berkeley["changes.json"])
    found = {c["provision"]: c for c in changes["changed_sections"]}
    for key in ("waiver", "solicitations", "identification", "appeal"):
        assert found[key]["kind"] == "modified" and found[key]["folded_into"] == "contracts"
        assert found[key]["summary"] == "no longer a section of its own; its text continues Sec. 13.105.030"
        assert found[key]["new_number"] == "" and found[key]["words_inserted"] == 0
    assert found["waiver"]["words_deleted"] == 3 and found["waiver"]["title"] == "Waiver"
    assert "contracts" not in found and found["report"]["new_number"] == "13.105.040"
    kinds = {s["provision"]: s["kind"] for s in changes["sections"]}
    assert kinds["contracts"] == "unchanged"


def test_the_staff_report_lists_each_fold_among_the_departures(berkeley):
    paragraphs = [p.text for p in read_docx(berkeley["staff_report.docx"]).paragraphs]
    assert ("Section 13.105.030 – Waiver (modified; no longer a section of its own; its text continues "
            "Sec. 13.105.030)") in paragraphs
    assert ("Section 13.105.030 – Notice and appeal (modified; no longer a section of its own; its text continues "
            "Sec. 13.105.030)") in paragraphs
    assert "Enforcement (Section 13.105.050; local change)" in " ".join(paragraphs)


def test_folded_redlines_pass_words_validator(berkeley, tmp_path, model, canonical):
    """Berkeley's packet (in test_openxml_sdk's corpus as packet/berkeley/...) holds folds; so does a draft that
    folds a code section after an added one and an act section into the one before it."""
    assert [c["provision"] for c in json.loads(berkeley["changes.json"])["changed_sections"] if c["folded_into"]] == [
        "waiver", "solicitations", "identification", "appeal"]
    added = ("  - provision: contracts\n    action: add_after\n    title: Local purchasing rules\n"
             "    text: The City Manager may issue rules to carry out this chapter.\n")
    j = _load(tmp_path, _fold(added, fold("investments"), fold("waiver"), fold("publication")), model)
    files = build_packet(j, model, canonical).files
    openxml_sdk.require()
    errors = openxml_sdk.validate_many([berkeley["redline.docx"], berkeley["ordinance.docx"], files["redline.docx"],
                                        files["ordinance.docx"]])
    assert errors == [[], [], [], []]


def test_a_redline_with_folds_after_an_added_section_and_between_act_sections_round_trips(tmp_path, model, canonical):
    added = ("  - provision: contracts\n    action: add_after\n    title: Local purchasing rules\n"
             "    text: The City Manager may issue rules to carry out this chapter.\n")
    replaced = "  - provision: appeal\n    action: replace\n    text: A Vendor may appeal to the City Council.\n"
    j = _load(tmp_path, _fold(added, fold("investments"), fold("appeal"), replaced, fold("publication")), model)
    files = build_packet(j, model, canonical).files
    redline = _round_trips(files, tmp_path)
    summaries = {c["provision"]: c["summary"] for c in json.loads(files["changes.json"])["changed_sections"]}
    assert summaries["investments"] == "no longer a section of its own; its text continues Sec. 2.70.040"
    assert summaries["appeal"].startswith("no longer a section of its own; its text continues Sec. 2.70.070; ")
    libreoffice.require()
    seen = libreoffice.roundtrip(redline)
    assert seen["accepted"] == libreoffice.read(tmp_path / "ordinance.docx")
    assert seen["rejected"] == libreoffice.read(tmp_path / "baseline.docx")


def test_the_comparison_says_folded(tmp_path):
    """A folded provision's cell is its own kind, in the page, the CSV and the JSON, whether the comparison
    renders the draft or reads back the change list a build wrote."""
    from draftkit.cli import main

    path = ROOT / "jurisdictions" / "berkeley.yaml"
    for build_first in (False, True):
        out = tmp_path / f"out{build_first}"
        if build_first:
            assert main(["build", str(path), "--out", str(out)]) == 0
        assert main(["compare", str(path), "--out", str(out)]) == 0
        data = json.loads((out / "comparison.json").read_text())
        cells = {r["key"]: r["cells"]["berkeley"] for r in data["provisions"]}
        assert [k for k, c in cells.items() if c["kind"] == "folded"] == ["waiver", "solicitations", "identification",
                                                                           "appeal"]
        assert "folded, " in (out / "comparison.csv").read_text()
        assert "k-folded" in (out / "comparison.html").read_text()
