"""Adoption rules a clerk relies on, checked on a corpus of adoption records (tests/adoption_records): a city,
a town and a county; urgency and not; ties, absences, abstentions and vacancies. Every record in must_pass/
validates and builds; every record in must_fail/ gives exactly its expected located messages."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT

from draftkit.adoption import computed_effective, vote_rule
from draftkit.build import render_ordinance, render_staff_report
from draftkit.context import plan_sections
from draftkit.docx_text import read_docx
from draftkit.errors import InvalidInput
from draftkit.jurisdiction import load_jurisdiction

RECORDS = ROOT / "tests" / "adoption_records"
PASSING = sorted((RECORDS / "must_pass").glob("*.yaml"))
FAILING = sorted((RECORDS / "must_fail").glob("*.yaml"))


def expected_lines() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = None
    for line in (RECORDS / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = found.setdefault(line[1:-1], [])
        elif current is not None and line.strip() and not line.startswith("#"):
            current.append(line)
    return found


def test_the_corpus_covers_each_kind_urgency_and_every_way_a_vote_falls_short():
    names = " ".join(p.stem for p in PASSING + FAILING)
    for word in ("city", "town", "county", "urgency", "tie", "absent", "abstention", "vacanc", "charter"):
        assert word in names, word
    assert set(expected_lines()) == {p.name for p in FAILING}


@pytest.mark.parametrize("path", PASSING, ids=lambda p: p.stem)
def test_record_that_must_pass_validates_and_renders(path, model):
    j = load_jurisdiction(path, model)
    text = "\n".join(p.text for p in render_ordinance(j, model).text.paragraphs)
    assert j.data["jurisdiction"]["full_name"] in text


@pytest.mark.parametrize("path", FAILING, ids=lambda p: p.stem)
def test_record_that_must_fail_gives_its_located_message(path, model):
    with pytest.raises(InvalidInput) as caught:
        load_jurisdiction(path, model)
    got = [str(p).replace(str(path), "{path}") for p in caught.value.problems]
    assert got == expected_lines()[path.name]
    assert all(re.match(r"\{path\}:\d+:\d+: ", line) for line in got), "every message is located"


def test_vote_rules_come_from_the_kind_and_the_full_membership(model):
    def rule(kind, members, urgency, **extra):
        data = {"jurisdiction": {"kind": kind, "members": [f"M{i}" for i in range(members)], **extra}}
        return vote_rule(model, data, urgency=urgency)

    assert (rule("city", 5, False).needed, rule("city", 5, True).needed) == (3, 4)
    assert (rule("city", 7, True).needed, rule("city", 9, True).needed, rule("county", 8, True).needed) == (6, 8, 7)
    assert rule("town", 5, True).citation == "36937(b)" and rule("county", 5, False).citation == "25005"
    assert rule("city", 4, False, seats=5).needed == 3   # a vacancy does not lower the bar
    charter = rule("city", 7, False, charter=True, votes_required={"ordinary": 5, "urgency": None})
    assert charter.needed == 5 and charter.charter and charter.words == "at least five of"
    assert rule("city", 7, True, charter=True, votes_required={"ordinary": 5, "urgency": None}).needed == 6


def test_urgency_text_states_the_rule_the_vote_is_checked_against(model):
    j = load_jurisdiction(RECORDS / "must_pass" / "city_urgency.yaml", model)
    section = next(s for s in render_ordinance(j, model).text.sections if s.key == "effective_date").text
    assert "Government Code section 36937(b)" in section
    assert "adopted by the votes of at least four-fifths of the members of the City Council" in section
    charter = load_jurisdiction(RECORDS / "must_pass" / "charter_own_rule.yaml", model)
    data = {**charter.data, "ordinance": {**charter.data["ordinance"], "urgency": True,
                                          "introduced": charter.data["ordinance"]["adopted"]}}
    section = next(s for s in render_ordinance(replace(charter, data=data), model).text.sections
                   if s.key == "effective_date").text
    assert "by the votes of at least six of the members of the City Council" in section


def test_effective_date_is_computed_from_adoption(model):
    j = load_jurisdiction(RECORDS / "must_pass" / "city_effective_given.yaml", model)
    assert computed_effective(model, j.data) == j.data["ordinance"]["effective"]
    urgent = load_jurisdiction(RECORDS / "must_pass" / "town_urgency.yaml", model)
    assert computed_effective(model, urgent.data) == urgent.data["ordinance"]["adopted"]


def test_a_town_is_called_a_town(model):
    j = load_jurisdiction(RECORDS / "must_pass" / "town_three_one_absent.yaml", model)
    rendered = render_ordinance(j, model)
    text = "\n".join(p.text for p in rendered.text.paragraphs)
    assert "“Town” means the Town of Windsor" in text and "SANCTUARY TOWN CONTRACTING" in text
    assert "City" not in text.replace("City of", "")  # no "City" for a town (names of other cities aside)
    report = "\n".join(p.text for p in read_docx(render_staff_report(j, model, rendered.plan, [])).paragraphs)
    assert "Sanctuary Town Contracting" in report and "sanctuary town" in report


def test_new_guesses_a_town_and_the_state(model, canonical, tmp_path):
    from draftkit.scaffold import scaffold, slug_for

    text = scaffold("Town of Windsor", model, canonical)
    assert 'kind: "town"' in text and 'name: "Windsor"' in text and 'state: "California"' in text
    assert slug_for("Town of Windsor") == "windsor"


def test_a_county_cites_the_county_sections(model):
    j = load_jurisdiction(RECORDS / "must_pass" / "county_urgency.yaml", model)
    text = "\n".join(p.text for p in render_ordinance(j, model).text.paragraphs)
    assert "Government Code section 25123(d)" in text and "Government Code section 25124" in text
    assert "36937" not in text and "36933" not in text


ABSOLUTE_PATH = re.compile(r"(?:^|[\s'\"(])/[\w.-]+/[\w.-]+", re.MULTILINE)  # a file on someone's machine


def test_records_are_public_fixtures_not_paths(model):
    for path in PASSING + FAILING:
        assert not ABSOLUTE_PATH.search(path.read_text()) and Path(path).suffix == ".yaml"
    assert plan_sections(load_jurisdiction(PASSING[0], model), model).sections[0].key == "findings"
