"""Validation: every rule reports file:line:column, the field, and what is expected."""
from __future__ import annotations

import pytest
from conftest import line_of, replace_line

from draftkit.errors import InvalidInput
from draftkit.jurisdiction import load_jurisdiction, with_identity_of


def problems(tmp_path, model, text: str, name: str = "town.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_jurisdiction(path, model)
    return [str(p) for p in caught.value.problems]


def test_samples_are_valid(samples):
    assert set(samples) == {"richmond", "berkeley", "oakland", "alameda", "marin_county"}


def test_unknown_key_names_the_closest(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  cure_days:", "  cure_dayz: 90")
    found = problems(tmp_path, model, text)
    line = line_of(text, "cure_dayz")
    assert any(p.endswith(f"town.yaml:{line}:3: policy.cure_dayz: unknown field; did you mean 'cure_days'?")
               for p in found)
    assert any("policy.cure_days: is required" in p for p in found)


def test_wrong_type(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  investments:", "  investments: yes")
    line = line_of(text, "^  investments:")
    assert problems(tmp_path, model, text) == [
        f"{tmp_path}/town.yaml:{line}:16: policy.investments: must be true or false, not 'yes' "
        "(true to include the investment prohibition section.)"]


def test_bad_enum(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  agencies:", "  agencies: [ICE, FBI]")
    found = problems(tmp_path, model, text)
    assert len(found) == 1 and "policy.agencies[1]: 'FBI' is not allowed; expected one of: ICE, CBP, ORR" in found[0]
    assert f"town.yaml:{line_of(text, '^  agencies:')}:" in found[0]


def test_impossible_date(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  introduced:", "  introduced: 2018-02-30")
    found = problems(tmp_path, model, text)
    assert found[0].endswith("ordinance.introduced: '2018-02-30' is not a real calendar date; write it as YYYY-MM-DD")
    assert f"town.yaml:{line_of(text, '2018-02-30')}:15:" in found[0]


def test_duplicate_key(tmp_path, model, richmond_text):
    text = richmond_text.replace("  fee_cap: 15000\n", "  fee_cap: 15000\n  fee_cap: 20000\n")
    found = problems(tmp_path, model, text)
    first = line_of(text, "fee_cap: 15000")
    assert found == [f"{tmp_path}/town.yaml:{first + 1}:3: policy.fee_cap: duplicate key; it is already given "
                     f"on line {first}; keep one of them"]


def test_negative_money(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  penalty_cap:", "  penalty_cap: -100")
    assert problems(tmp_path, model, text) == [
        f"{tmp_path}/town.yaml:{line_of(text, 'penalty_cap')}:16: policy.penalty_cap: must be at least 0, not -100"]


def test_vote_names_a_non_member(tmp_path, model, richmond_text):
    text = richmond_text.replace("      - Eduardo Martinez\n    noes", "      - Eduardo Martines\n    noes", 1)
    text = text.replace("    ayes:\n      - Jovanka Beckles\n      - Eduardo Martinez",
                        "    ayes:\n      - Jovanka Beckles\n      - Eduardo Martines")
    found = problems(tmp_path, model, text)
    line = line_of(text, "Eduardo Martines")
    assert (f"{tmp_path}/town.yaml:{line}:9: ordinance.vote.ayes[1]: 'Eduardo Martines' is not a member of the "
            "governing body; did you mean 'Eduardo Martinez'?") in found
    assert any("the roll call leaves out 'Eduardo Martinez'" in p for p in found)


def test_vote_names_someone_twice(tmp_path, model, richmond_text):
    text = richmond_text.replace("    absent:\n      - Nathaniel Bates", "    absent:\n      - Nathaniel Bates\n      - Tom Butt")
    found = problems(tmp_path, model, text)
    line = line_of(text, "^      - Tom Butt$") if False else len(text.splitlines()[: text.splitlines().index("    absent:")]) + 3
    assert found == [f"{tmp_path}/town.yaml:{line}:9: ordinance.vote.absent[1]: 'Tom Butt' is already recorded "
                     "under noes; each member votes once"]


def test_second_reading_too_soon(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  adopted:", "  adopted: 2018-05-18")
    found = problems(tmp_path, model, text)
    assert found == [f"{tmp_path}/town.yaml:{line_of(text, '2018-05-18')}:12: ordinance.adopted: adoption comes 3 "
                     "day(s) after introduction; at least 5 days must pass between first and second reading unless "
                     "the ordinance is an urgency measure (urgency: true)"]


def test_urgency_allows_a_quick_adoption(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  adopted:", "  adopted: 2018-05-15")
    text = replace_line(text, r"^  urgency:", "  urgency: true")
    # four-fifths of seven seats is six ayes: Councilmember Bates votes aye rather than being absent
    text = text.replace("    ayes:\n", "    ayes:\n      - Nathaniel Bates\n").replace(
        "    absent:\n      - Nathaniel Bates\n", "    absent: []\n")
    path = tmp_path / "town.yaml"
    path.write_text(text)
    assert load_jurisdiction(path, model).data["ordinance"]["urgency"] is True


def test_adoption_before_introduction(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  adopted:", "  adopted: 2018-05-01")
    found = problems(tmp_path, model, text)
    assert found == [f"{tmp_path}/town.yaml:{line_of(text, '2018-05-01')}:12: ordinance.adopted: adoption (May 1, "
                     "2018) is before introduction (May 15, 2018)"]


def test_adopted_status_requires_dates_and_vote(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  adopted:", "  adopted: null")
    found = problems(tmp_path, model, text)
    assert found == [f"{tmp_path}/town.yaml:{line_of(text, 'adopted: null')}:3: ordinance.adopted: is required "
                     "when the status is 'adopted'"]


def test_every_problem_is_reported_at_once(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  cure_days:", "  cure_days: many")
    text = replace_line(text, r"^  kind:", "  kind: village")
    text = replace_line(text, r"^  adopted:", "  adopted: 2018-05-01")
    found = problems(tmp_path, model, text)
    assert [p.split(": ", 1)[1].split(":")[0] for p in found] == [
        "jurisdiction.kind", "ordinance.adopted", "policy.cure_days"]


def test_ordinance_number_keeps_leading_zero(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  number:", "  number: 01234")
    path = tmp_path / "town.yaml"
    path.write_text(text)
    assert load_jurisdiction(path, model).data["ordinance"]["number"] == "01234"


def test_amendment_of_unknown_provision(tmp_path, model, richmond_text):
    text = richmond_text.replace("amendments: []", "amendments:\n  - provision: enforcment\n    action: append\n"
                                 "    text: More.\n")
    found = problems(tmp_path, model, text)
    assert found == [f"{tmp_path}/town.yaml:{line_of(text, 'enforcment')}:16: amendments[0].provision: 'enforcment' "
                     "is not a provision of the model; did you mean 'enforcement'?"]


def test_amendment_of_a_switched_off_provision(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  investments:", "  investments: false")
    text = text.replace("amendments: []", "amendments:\n  - provision: investments\n    action: append\n"
                        "    text: More.\n")
    found = problems(tmp_path, model, text)
    assert len(found) == 1 and "investments' is switched off in this draft (policy.investments is false)" in found[0]


def test_control_character_is_rejected(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  author:", '  author: "Dana\\x0bWhitfield"')
    found = problems(tmp_path, model, text)
    assert found == [f"{tmp_path}/town.yaml:{line_of(text, 'Dana')}:11: staff_report.author: contains the control "
                     "character U+000B, which a Word document cannot hold; remove it"]


def test_too_long_text(tmp_path, model, richmond_text):
    text = replace_line(richmond_text, r"^  name: Richmond", "  name: " + "R" * 81)
    found = problems(tmp_path, model, text)
    assert found == [f"{tmp_path}/town.yaml:3:9: jurisdiction.name: is too long: 81 characters; the limit is 80"
                     .replace(":3:", f":{line_of(text, 'RRRR')}:")]


def test_baseline_takes_identity_from_the_jurisdiction(model, canonical, samples):
    baseline = with_identity_of(canonical, samples["berkeley"], model)
    assert baseline.data["jurisdiction"]["name"] == "Berkeley"
    assert baseline.data["policy"] == canonical.data["policy"]
    assert baseline.data["amendments"] == []


def test_status_of_the_wrong_type_is_reported_not_a_crash(tmp_path, model, richmond_text):
    """Found by the property tests: a list where the status belongs crashed the adoption rules."""
    text = replace_line(richmond_text, r"^  status:", "  status: [adopted]")
    found = problems(tmp_path, model, text)
    assert any("ordinance.status: must be text" in p for p in found), found


def _problems(path, model) -> str:
    try:
        load_jurisdiction(path, model)
    except InvalidInput as exc:
        return str(exc)
    return ""


def test_the_reused_validator_carries_nothing_from_one_file_to_the_next(tmp_path, model, richmond_text):
    """Each thread keeps one validator per schema; what it says of a file does not depend on what it read
    before, nor on another thread reading at the same time."""
    from concurrent.futures import ThreadPoolExecutor

    good = tmp_path / "good.yaml"
    good.write_text(richmond_text)
    bad = tmp_path / "bad.yaml"
    bad.write_text(replace_line(richmond_text, r"^  cure_days:", "  cure_days: -4"))
    alone = _problems(bad, model)
    assert "cure_days" in alone
    for _ in range(3):
        assert _problems(good, model) == ""
        assert _problems(bad, model) == alone
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda p: _problems(p, model), [good, bad] * 8))
    assert found == ["", alone] * 8

