"""The staff report never contradicts the ordinance it presents.

Each paragraph of the report that states facts about a provision carries a bookmark "about_<provision>"
(tools/make_templates.py's `[about:id]`). Every number, date, agency and office named in it must appear in
that provision of the ordinance as built (after local amendments); text quoted from a local amendment must
be the ordinance's text word for word. Checked for every sample, for local changes of every kind, and for
generated jurisdictions. The background speaks from the report's own date.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from strategies import MODEL, valid_jurisdictions

from draftkit.build import render_ordinance, render_staff_report
from draftkit.docx_text import read_docx
from draftkit.jurisdiction import load_canonical, validate_source
from draftkit.packet import build_packet
from draftkit.yamlsource import load

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
FACTS = re.compile(rf"\$[\d,]+|{MONTH} \d{{1,2}}(?:, \d{{4}})?|\b\d[\d.,()a-z]*\d\b|\(\d+\)|\b\d\b|\b(?:ICE|CBP|ORR)\b")
OFFICES = ("governing_body", "executive", "attorney", "clerk", "presiding_officer")


def about_paragraphs(docx: bytes) -> list[tuple[str, str, list[str]]]:
    """(provision, the paragraph's text, the indented quotations that follow it) for each bookmarked one."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    found: list[tuple[str, str, list[str]]] = []
    quoting = None
    for p in body.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        marks = [b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart") if b.get(f"{W}name", "").startswith("about_")]
        indent = p.find(f"{W}pPr/{W}ind")
        if marks:
            key = marks[0][len("about_"):].split("__")[0]
            found.append((key, text, []))
            quoting = found[-1][2]
        elif quoting is not None and indent is not None and text.strip():
            quoting.append(text)
        else:
            quoting = None
    return found


def names_of(j) -> list[str]:
    jur = j.data["jurisdiction"]
    offices = [jur[k] for k in OFFICES] + [j.data["policy"].get("waiver_authority") or ""]
    return [o for o in offices if o and len(o) > 3]


def check_report(j, model, names=names_of) -> list[str]:
    """Every fact a provision's summary states that its provision, as built, does not (`names`: the offices
    and bodies of the jurisdiction, by the model's fields, that the summary may name)."""
    draft = render_ordinance(j, model)
    held = {s.key: s.number for s in draft.plan.sections if s.into}  # a folded provision: the section holding it
    sections = {s.key: " ".join([held.get(s.key) or "", *(p.text for p in s.paragraphs)]) for s in draft.text.sections}
    report = render_staff_report(j, model, draft.plan, [])
    wrong = []
    for key, text, quotes in about_paragraphs(report):
        provision = sections.get(key)
        assert provision is not None, f"the report describes {key!r}, which the ordinance lacks"
        facts = set(FACTS.findall(text)) | {n for n in names(j) if n in text}
        wrong += [f"{key}: {fact!r}" for fact in sorted(facts) if fact not in provision]
        flat = " ".join(provision.split())
        wrong += [f"{key}: quoted {q[:40]!r}" for q in quotes if " ".join(q.split()) not in flat]
    return wrong


@pytest.mark.parametrize("slug", ["richmond", "berkeley", "oakland", "alameda", "marin_county"])
def test_each_sample_report_states_only_what_its_ordinance_says(samples, model, slug):
    assert check_report(samples[slug], model) == []
    assert len(about_paragraphs(render_staff_report(samples[slug], model,
                                                    render_ordinance(samples[slug], model).plan, []))) >= 8


def with_amendments(j, *items, **policy):
    data = {**j.data, "amendments": list(items), "policy": {**j.data["policy"], **policy}}
    return replace(j, data=data)


def test_a_replaced_provision_is_described_from_its_local_text(samples, model):
    """The Berkeley case: the local enforcement section puts penalties on the City and sets 90 days to cure;
    the report quotes it and says nothing of the model's vendor penalty or cure period."""
    j = samples["berkeley"]
    draft = render_ordinance(j, model)
    report = "\n".join(p.text for p in read_docx(render_staff_report(j, model, draft.plan, [])).paragraphs)
    assert "Enforcement (Section 13.105.050; local change)" in report
    assert "A civil penalty may be imposed on the City only where" in report
    assert "on a vendor that knowingly contracts" not in report and "ninety (90) days" not in report
    assert check_report(j, model) == []


@pytest.mark.parametrize("key", ["definitions", "contracts", "waiver", "solicitations", "identification",
                                 "appeal", "report", "enforcement", "environmental_review", "effective_date"])
@pytest.mark.parametrize("action", ["replace", "append"])
def test_any_local_change_is_marked_and_quoted(samples, model, key, action):
    text = f"Local text for this section: 45 days, $2,500, and the {key} rules of the City apply."
    j = with_amendments(samples["richmond"], {"provision": key, "action": action, "text": text})
    draft = render_ordinance(j, model)
    report = "\n".join(p.text for p in read_docx(render_staff_report(j, model, draft.plan, [])).paragraphs)
    assert text in report and "local change" in report
    assert check_report(j, model) == []


def test_an_added_section_is_described_as_a_local_addition(samples, model):
    j = samples["marin_county"]
    report = "\n".join(p.text for p in read_docx(render_staff_report(j, model, render_ordinance(j, model).plan,
                                                                     [])).paragraphs)
    assert "Section 2.90.100 – Community oversight hearing (added by this draft; a local change)" in report


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(case=valid_jurisdictions())
def test_generated_reports_state_only_what_their_ordinance_says(case, tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / f"{case.slug}.yaml"
    path.write_text(case.text, encoding="utf-8")
    j = validate_source(load(path), MODEL)
    assert check_report(j, MODEL) == []


# --- the background speaks from the report's own date --------------------------------------------------


def report_text(j, model) -> str:
    return "\n".join(p.text for p in read_docx(render_staff_report(j, model, render_ordinance(j, model).plan,
                                                                   [])).paragraphs)


def test_a_report_dated_before_an_event_does_not_recount_it(samples, model):
    richmond = report_text(samples["richmond"], model)  # dated May 10, 2018, for the May 15 first reading
    assert "Introduce and pass on first reading" in richmond
    for later in ("June 5, 2018", "May 15, 2018, by a vote", "2019", "2020", "adopted it on"):
        assert later not in richmond.split("Background and Legislative History")[1].split("Analysis")[0], later
    assert "no city or county had yet adopted the model" in richmond
    oakland = report_text(samples["oakland"], model)  # dated May 2, 2019
    assert "Berkeley adopted a version on February 26, 2019" in oakland and "May 21, 2019" not in oakland
    assert "July 29, 2019" not in oakland and "AB 1332" not in oakland


def test_a_report_after_adoption_recounts_it_in_the_past(samples, model):
    j = samples["richmond"]
    later = replace(j, data={**j.data, "staff_report": {**j.data["staff_report"], "date": date(2021, 1, 4),
                                                         "meeting": date(2021, 1, 12)}})
    text = report_text(later, model)
    assert "Receive this report on Ordinance No. 18-16 N.S." in text and "adopted on June 5, 2018" in text
    assert "introduced the ordinance and passed it on first reading on May 15, 2018, and adopted it on June 5, 2018" \
        in text
    assert "AB 1332 (2019) and AB 2597 (2020), were not enacted" in text


def test_second_reading_date_is_a_date_not_from_now(samples, model):
    text = report_text(samples["alameda"], model)  # a first reading on April 17, 2018
    assert "on or after April 22, 2018, at least five (5) days after the first reading" in text
    assert "from now" not in text


def test_wording_defects_are_gone(samples, model, canonical):
    berkeley = report_text(samples["berkeley"], model)
    assert "N.S.." not in berkeley and "44,784-N.S. This ordinance" in berkeley
    marin = report_text(samples["marin_county"], model)
    assert "ICE or CBP" in marin and "any of ICE and CBP" not in marin
    for j in samples.values():
        text = report_text(j, model)
        assert "• " not in text and "1. Ordinance" in text and ".." not in text.replace("...", "")


def test_comparison_and_packet_agree_with_the_report(samples, model):
    canonical = load_canonical(model)
    files = build_packet(samples["berkeley"], model, canonical).files
    assert about_paragraphs(files["staff_report.docx"])
