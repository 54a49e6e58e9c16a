"""No nonsense (issue 13, item 4): what the checks leave alone. What they refuse, with each message, is in
tests/bad_inputs (blank_*, *_twice, report_due_*, *_after_adoption, revision_year_*, name_*, amend_*)."""
from __future__ import annotations

from pathlib import Path

import pytest

from draftkit import yamlsource
from draftkit.sense import list_problems, text_problems

SCHEMA = {"name": {"type": "string", "maxlength": 80}, "prose": {"type": "string", "maxlength": 4000},
          "optional": {"type": "string", "nullable": True}, "day": {"type": "string"},
          "names": {"type": "list", "schema": {"type": "string"}}, "numbers": {"type": "list"}}


def _messages(text: str) -> list[str]:
    source = yamlsource.load(Path("f.yaml"), text)
    return [str(p) for p in text_problems(source, SCHEMA, source.data) + list_problems(source, source.data)]


@pytest.mark.parametrize("text", [
    "name: كاتب المدينة",                          # right-to-left letters need no control
    "prose: \"Tab\\there, \\u200f and \\u200d\"",  # marks and joiners in prose are left alone
    "name: Richmond 🌉",
    "day: February 28",
    "day: March 31",
    "names: [Ana Pérez, Ana Perez]",              # different names, however alike
    "numbers: [1, '1', true]",                     # a number, a text and a boolean are not the same value
    "optional: null",
])
def test_sensible_values_pass(text):
    assert _messages(text + "\n") == []


def test_blank_and_invisible_text_is_located():
    assert _messages('name: " "\noptional: ""\nnames: ["Tom\\u200bButt", "\\u202eX"]\n') == [
        "f.yaml:1:7: name: is blank; write the value",
        "f.yaml:2:11: optional: is blank; write the value or leave it empty (null)",
        "f.yaml:3:9: names[0]: contains the invisible character U+200B (ZERO WIDTH SPACE); a name shows only "
        "what it says: remove it",
        "f.yaml:3:26: names[1]: contains the direction control U+202E (RIGHT-TO-LEFT OVERRIDE), which makes the "
        "text show in another order than it is compared and printed; remove it (Word sets the direction of "
        "right-to-left text itself)"]


def test_duplicates_are_found_whatever_their_case_and_spacing():
    assert _messages("names: [Tom Butt, tom  butt, TOM BUTT]\n") == [
        "f.yaml:1:19: names[1]: 'tom  butt' is listed twice (first as names[0] on line 1); list it once",
        "f.yaml:1:30: names[2]: 'TOM BUTT' is listed twice (first as names[0] on line 1); list it once"]


def test_days_that_never_come():
    assert _messages("day: June 31\n") == ["f.yaml:1:6: day: June has only 30 days; 'June 31' never comes"]
