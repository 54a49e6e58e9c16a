"""The second shipped model, community control over police surveillance technology (templates/ccops).

It works with the library as the first model does, with no change to the library: every sample validates
and builds; its redline against the model as it would read for it shows exactly the departures its YAML
makes; `draft new` writes a file that validates once filled; optional sections switch on and off with
renumbering; a policy value changes exactly the sections it declares; and the staff report states about
each provision only what the ordinance as built says.
"""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from conftest import ALL_SAMPLES, ROOT
from test_adoption import ABSOLUTE_PATH
from test_staff_report import about_paragraphs, check_report

from draftkit.build import render_ordinance, render_staff_report
from draftkit.cli import main
from draftkit.diff import compare
from draftkit.document import PREAMBLE
from draftkit.docx_text import read_docx
from draftkit.effects import model_value, not_in_effect
from draftkit.jurisdiction import load_canonical, load_jurisdiction, with_identity_of
from draftkit.model import get, load_model
from draftkit.models import declared
from draftkit.packet import build_packet

CCOPS = ROOT / "templates" / "ccops"
SAMPLES = [p for p in ALL_SAMPLES if (declared(p) or ("",))[0] == "ccops"]  # the files that say `model: ccops`
OFFICES = ("governing_body", "executive", "attorney", "clerk", "presiding_officer")
TITLED = ("policy.face_recognition_ban", "policy.other_bans", "policy.military_equipment")
SWITCHES = {"advisory_review": True, "face_recognition_ban": True, "military_equipment": True, "nda_ban": True,
            "whistleblower": True}


@pytest.fixture(scope="module")
def model():
    return load_model(CCOPS)


@pytest.fixture(scope="module")
def canonical(model):
    return load_canonical(model)


@pytest.fixture(scope="module")
def samples(model):
    return {p.stem: load_jurisdiction(p, model) for p in SAMPLES}


@pytest.fixture(scope="module")
def packets(samples, model, canonical):
    return {slug: build_packet(j, model, canonical) for slug, j in samples.items()}


def with_policy(j, *amendments, **policy):
    """A jurisdiction with some policy values changed and, if given, these amendments instead of its own."""
    data = {**j.data, "policy": {**j.data["policy"], **policy}}
    if amendments:
        data["amendments"] = list(amendments)
    return replace(j, data=data)


def everything_on(j):
    """The jurisdiction with every optional section switched on and the model's values otherwise."""
    return with_policy(j, **{**j.data["policy"], **SWITCHES, "other_bans": ["biometric surveillance"]})


def text_of(docx: bytes) -> str:
    return "\n".join(p.text for p in read_docx(docx).paragraphs)


# --- the samples -------------------------------------------------------------------------------------


def test_the_samples_cover_a_county_a_city_and_a_local_addition(samples):
    assert len(samples) >= 4
    kinds = {j.data["jurisdiction"]["kind"] for j in samples.values()}
    assert {"city", "county"} <= kinds
    assert any(a["action"] == "add_after" for j in samples.values() for a in j.data["amendments"] or [])
    for path in SAMPLES:
        data_lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
        assert data_lines[0] == "model: ccops", f"{path.name}: the first data line names the model"
        header = path.read_text(encoding="utf-8").split("\njurisdiction:")[0]
        assert "SOURCES (public)" in header and "ASSUMED" in header, path.name
        assert not ABSOLUTE_PATH.search(header), f"{path.name} cites a file on someone's machine, not a public source"
        assert not re.search(r"(?:^|\s)\.\./", header, re.MULTILINE), f"{path.name} cites a file outside the project"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_each_sample_builds_its_ordinance_and_staff_report(path, packets, samples):
    j, files = samples[path.stem], packets[path.stem].files
    assert {"ordinance.docx", "staff_report.docx", "baseline.docx", "redline.docx", "redline.html"} <= set(files)
    ordinance, report = text_of(files["ordinance.docx"]), text_of(files["staff_report.docx"])
    jur = j.data["jurisdiction"]
    for value in (jur["full_name"], jur["governing_body"], jur["executive"], f"Sec. {jur['chapter']}.010.",
                  j.data["ordinance"]["short_title"], f"{jur['division']} {jur['chapter']} is added to"):
        assert value in ordinance, f"{path.stem}: {value!r} missing"
    assert "[" not in ordinance.replace("[[", "") or j.data["ordinance"]["status"] != "adopted"
    assert "{{" not in ordinance + report and "{%" not in ordinance + report
    assert f"Ordinance No. {j.data['ordinance']['number']}" in report and "Departures from the Model" in report


def expected_departures(j, model, canonical) -> set[str]:
    """The sections the YAML changes: those a policy value in effect that differs from the model's fills,
    those it switches on or off, and those its amendments replace, append to or add."""
    included = {s.key for s in render_ordinance(j, model).plan.sections} | \
        {s.key for s in render_ordinance(with_identity_of(canonical, j, model), model).plan.sections}
    switched = {p.when: p.id for p in model.provisions if p.when}
    found = set()
    for p in model.parameters:
        dotted = ".".join(p.path)
        if get(j.data, p.path) == model_value(model, p) or not_in_effect(p, j.data, model):
            continue
        found |= {switched[dotted]} if dotted in switched else set(p.provisions) & included
        if dotted in TITLED:
            found.add(PREAMBLE)  # the long title names these sections' subjects
    added = 0
    for a in j.data["amendments"] or []:
        if a["action"] == "add_after":
            added += 1
            found.add(f"local_{added}")
        else:
            found.add(a["provision"])
    return found


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_the_redline_shows_exactly_the_departures_the_yaml_makes(path, samples, model, canonical):
    j = samples[path.stem]
    draft = render_ordinance(j, model)
    baseline = render_ordinance(with_identity_of(canonical, j, model), model)
    changed = {c.key for c in compare(baseline.text, draft.text).changed}
    assert changed == expected_departures(j, model, canonical)
    assert changed, f"{path.stem} should depart from the model somewhere"


def test_the_model_against_itself_has_no_departures(model, canonical):
    text = render_ordinance(canonical, model).text
    assert compare(text, text).changed == ()


# --- draft new ---------------------------------------------------------------------------------------


def test_new_scaffold_validates_once_filled_and_builds(tmp_path, capsys):
    assert main(["new", "County of Sonoma", "--model", str(CCOPS), "--out-dir", str(tmp_path)]) == 0
    path = tmp_path / "sonoma_county.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'kind: "county"' in text and "# Days the report is posted before the hearing" in text
    assert main(["validate", "--model", str(CCOPS), str(path)]) == 1
    fills = {"a date, YYYY-MM-DD": "2026-01-06", "Chapter": "2.45", "name": "Ana Pérez",
             "Contact email": "clerk@sonoma.example", "Ordinance number": "[number]"}
    filled = re.sub(r'"\[FILL IN: ([^\]]+)\]"', lambda m: '"' + fills.get(m[1], "Filled " + m[1]) + '"', text)
    filled = re.sub(r"(date|meeting): \"(\d{4}-\d\d-\d\d)\"", r"\1: \2", filled)
    path.write_text(filled, encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--model", str(CCOPS), str(path)]) == 0, capsys.readouterr().err
    assert main(["build", "--model", str(CCOPS), str(path), "--out", str(tmp_path / "out")]) == 0
    report = text_of((tmp_path / "out/sonoma_county/staff_report.docx").read_bytes())
    assert "Sonoma County" in report and "County Department" in text_of(
        (tmp_path / "out/sonoma_county/ordinance.docx").read_bytes())


# --- optional sections and renumbering ---------------------------------------------------------------


def numbers(rendered) -> dict[str, str]:
    return {s.key: s.number for s in rendered.text.sections if s.number}


def cited(rendered) -> set[str]:
    return set(re.findall(r"Sections? (\d+\.\d+\.\d+)", "\n".join(p.text for p in rendered.text.paragraphs)))


@pytest.mark.parametrize("switch, section", [("advisory_review", "advisory"), ("face_recognition_ban", "face_recognition"),
                                             ("military_equipment", "military"), ("nda_ban", "secrecy"),
                                             ("whistleblower", "whistleblower")])
def test_switching_an_optional_section_off_renumbers_the_rest(samples, model, switch, section):
    on = render_ordinance(everything_on(samples["oakland_surveillance"]), model)
    off = render_ordinance(with_policy(everything_on(samples["oakland_surveillance"]), **{switch: False}), model)
    assert section in numbers(on) and section not in numbers(off)
    code = [n for k, n in numbers(off).items() if n.startswith("9.64.")]
    assert code == [f"9.64.{n:03d}" for n in range(10, 10 * len(code) + 1, 10)], "no gap where the section was"
    later = [p.id for p in model.provisions][[p.id for p in model.provisions].index(section) + 1:]
    for key in (k for k in later if k in numbers(off) and numbers(off)[k].startswith("9.64.")):
        assert numbers(off)[key] == f"9.64.{int(numbers(on)[key].split('.')[-1]) - 10:03d}"
    for rendered in (on, off):
        assert cited(rendered) <= set(numbers(rendered).values()), "every section cited exists"


def test_a_folded_provision_continues_the_section_before_it(samples, model, canonical):
    """Exigent use folded into the section on technology already in use (as a code with fewer, longer
    sections might have it): the later sections renumber, references follow, the report agrees, and the
    redline shows the fold and nothing else."""
    base = samples["davis_surveillance"]
    j = replace(base, data={**base.data, "amendments": [{"provision": "exigent", "action": "fold"}]})
    draft = render_ordinance(j, model)
    assert numbers(draft)["existing"] == "26.07.060" and numbers(draft)["annual_report"] == "26.07.070"
    assert "Sec. 26.07.070. Exigent" not in "\n".join(p.text for p in draft.text.paragraphs)
    assert "required by Section 26.07.070" in {s.key: s for s in draft.text.sections}["definitions"].text
    assert cited(draft) <= set(numbers(draft).values())
    assert check_report(j, model, names_of) == []
    baseline = render_ordinance(with_identity_of(canonical, j, model), model)
    assert {c.key for c in compare(baseline.text, draft.text).changed} == expected_departures(base, model, canonical) - \
        {"local_1"} | {"exigent"}


def test_cross_references_follow_renumbering(samples, model):
    oakland = render_ordinance(samples["oakland_surveillance"], model)  # the advisory section is 9.64.050
    sections = {s.key: s for s in oakland.text.sections}
    assert sections["advisory"].number == "9.64.050" and sections["enforcement"].number == "9.64.100"
    assert "under Section 9.64.100" in sections["whistleblower"].text
    assert "required by Section 9.64.090" in sections["definitions"].text  # the annual report
    davis = {s.key: s for s in render_ordinance(samples["davis_surveillance"], model).text.sections}
    assert davis["local_1"].number == "26.07.090" and "Section 26.07.030" in davis["local_1"].text
    assert davis["enforcement"].number == "26.07.100"


@pytest.mark.parametrize("parameter", [p for p in load_model(CCOPS).parameters if p.provisions],
                         ids=lambda p: ".".join(p.path))
def test_a_value_changes_exactly_the_sections_it_declares(parameter, samples, model):
    base = everything_on(samples["davis_surveillance"])
    base = replace(base, data={**base.data, "amendments": []})
    ours = get(base.data, parameter.path)
    other = {bool: (lambda v: not v), int: (lambda v: v + 1), list: (lambda v: v + ["predictive policing"]),
             type(None): (lambda v: "January 15" if parameter.path[-1] == "report_due" else 30),
             str: (lambda v: v + " Review")}[type(ours)](ours)
    changed = with_policy(base, **{parameter.path[-1]: other})
    sections = compare(render_ordinance(base, model).text, render_ordinance(changed, model).text).changed
    # the long title names what the optional sections prohibit, so a list of banned technologies shows there too
    assert {s.key for s in sections} - {PREAMBLE} == set(parameter.provisions)


# --- the staff report never contradicts the ordinance ---------------------------------------------------


def names_of(j) -> list[str]:
    jur, policy = j.data["jurisdiction"], j.data["policy"]
    found = [jur[k] for k in OFFICES] + ([policy["advisory_body"]] if policy["advisory_review"] else [])
    return [o for o in found if o and len(o) > 3]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_each_sample_report_states_only_what_its_ordinance_says(path, samples, model):
    j = samples[path.stem]
    assert check_report(j, model, names_of) == []
    described = {key for key, _, _ in about_paragraphs(render_staff_report(j, model, render_ordinance(j, model).plan, []))}
    included = {s.key for s in render_ordinance(j, model).plan.sections}
    code = {p.id for p in model.provisions if p.part == "code" and p.numbered and p.id != "title"}
    assert described == included & code | {"effective_date", "environmental_review"}


@pytest.mark.parametrize("variant", ["everything on", "weak standard, no deadline", "nothing optional"])
def test_reports_with_other_choices_state_only_what_their_ordinance_says(samples, model, variant):
    base = everything_on(samples["santa_clara_county_surveillance"])
    j = {"everything on": base,
         "weak standard, no deadline": with_policy(base, binding_standard=False, alternatives_test=False,
                                                   existing_stop_days=None, report_due="November 1",
                                                   fees_mandatory=False, damages=False),
         "nothing optional": with_policy(base, **{k: False for k in SWITCHES}, suppression=False, damages=False,
                                         extension_days=45)}[variant]
    assert check_report(j, model, names_of) == []


@pytest.mark.parametrize("kind, full_name", [("city", "City of Davis"), ("town", "Town of Davis"),
                                             ("county", "County of Davis")])
def test_each_kind_of_jurisdiction_defines_its_own_departments(samples, model, kind, full_name):
    base = samples["davis_surveillance"]
    j = replace(base, data={**base.data, "jurisdiction": {**base.data["jurisdiction"], "kind": kind,
                                                          "full_name": full_name},
                            "ordinance": {**base.data["ordinance"], "urgency": kind == "town"}})
    text = "\n".join(p.text for p in render_ordinance(j, model).text.paragraphs)
    word = kind.title()
    assert f"“{word}” means the {full_name}." in text and f"“{word} Department” means" in text
    assert sum(f"“{other}” means" in text for other in ("City", "Town", "County")) == 1
    assert check_report(j, model, names_of) == []


CODE_SECTIONS = ["definitions", "approval", "impact_report", "advisory", "standard", "existing", "exigent",
                 "annual_report", "face_recognition", "military", "enforcement", "secrecy", "whistleblower",
                 "environmental_review", "effective_date"]


@pytest.mark.parametrize("key", CODE_SECTIONS)
@pytest.mark.parametrize("action", ["replace", "append"])
def test_any_local_change_is_marked_and_quoted(samples, model, key, action):
    text = f"Local text for this section: 45 days, $2,500, and the {key} rules of the City apply."
    j = with_policy(everything_on(samples["davis_surveillance"]), {"provision": key, "action": action, "text": text})
    draft = render_ordinance(j, model)
    report = text_of(render_staff_report(j, model, draft.plan, []))
    assert text in report and "local change" in report
    assert check_report(j, model, names_of) == []


def test_an_added_section_is_described_as_a_local_addition(samples, model):
    j = samples["davis_surveillance"]
    report = text_of(render_staff_report(j, model, render_ordinance(j, model).plan, []))
    assert "Section 26.07.090 – Review of this article (added by this draft; a local change)" in report
    assert "requests approved and denied under Section 26.07.030" in report


def test_the_background_speaks_from_the_report_date(samples, model):
    def background(slug):
        j = samples[slug]
        report = text_of(render_staff_report(j, model, render_ordinance(j, model).plan, []))
        return report.split("Background and Legislative History")[1].split("\nAnalysis\n")[0]

    santa_clara = background("santa_clara_county_surveillance")  # dated May 27, 2016
    assert "2014" in santa_clara and "June 7, 2016" not in santa_clara and "2018" not in santa_clara
    assert "introduced the ordinance" not in santa_clara
    oakland = background("oakland_surveillance")  # dated May 8, 2018, for the second reading
    assert "June 21, 2016" in oakland and "September 21, 2016" in oakland
    assert "Cambridge" not in oakland and "2019" not in oakland and "2021" not in oakland
    assert "passed it on first reading on May 1, 2018." in oakland


def test_the_packet_lists_its_departures_in_the_staff_report(packets):
    report = text_of(packets["oakland_surveillance"].files["staff_report.docx"])
    departures = report.split("Departures from the Model Ordinance")[1].split("Environmental Review")[0]
    assert "Section 9.64.050 – Review by the Privacy Advisory Commission (added;" in departures
    assert "fifteen (15) days before the public hearing" in departures
    assert "The ordinance follows the model without change" not in departures


def test_compare_over_the_samples_writes_a_comparison(tmp_path, capsys):
    assert main(["compare", "--model", str(CCOPS), *map(str, SAMPLES), "--out", str(tmp_path)]) == 0
    pages = list(tmp_path.glob("comparison*.html"))
    assert pages, capsys.readouterr()
    page = pages[0].read_text(encoding="utf-8")
    assert "Days the report is posted before the hearing" in page and "Privacy Advisory Commission" in page


# --- pages a clerk attaches ----------------------------------------------------------------------------


def test_pdf_pages_keep_signatures_and_vote_rolls_whole(samples, packets, tmp_path):
    """Each sample's ordinance as a PDF: no page begins with a signer's line or a vote line cut from its
    roll, and the signature block and the clerk's certificate each stay on one page."""
    from test_pdf import layout_problems, require_tools

    from draftkit import pdf

    require_tools()
    for slug, packet in packets.items():
        made, notes = pdf.packet_pdfs({"ordinance.docx": packet.files["ordinance.docx"]}, what=slug)
        assert notes == ()
        path = tmp_path / f"{slug}.pdf"
        path.write_bytes(made["ordinance.pdf"])
        assert layout_problems(path, samples[slug]) == [], slug
