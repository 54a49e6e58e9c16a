"""Bounded work (issue 13, item 2): every file under the size limit validates quickly whatever its shape, every
regex is checked against pathological text at its field's limit, and lists, texts and problems are capped."""
from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT

from draftkit import yamlsource
from draftkit.bounds import DEFAULT_MAX_ITEMS, DEFAULT_MAX_TEXT, bound, item_limit, text_limit
from draftkit.docx_text import NUMBERED
from draftkit.errors import InvalidInput
from draftkit.jurisdiction import BAD_CHARS, ISO_DATE, PLACEHOLDER, SLUG
from draftkit.references import REFERENCE
from draftkit.sense import MONTH_DAY

sys.path.insert(0, str(ROOT / "bench"))
import validation

GENEROUS_SECONDS = 20.0  # the target is 2 s (bench/validation.py); this catches a regression to minutes
REGEX_SECONDS = 0.5


@pytest.mark.parametrize("shape", sorted(validation.SHAPES))
def test_every_shape_of_file_validates_within_a_generous_bound(shape, model):
    text = validation.SHAPES[shape]()
    assert len(text.encode("utf-8")) <= yamlsource.MAX_BYTES
    start = time.perf_counter()
    said = validation.validate(shape, text, model)
    seconds = time.perf_counter() - start
    assert seconds < GENEROUS_SECONDS, f"{shape}: {seconds:.1f} s ({said})"
    assert said == "valid" if shape in ("amendments", "many_paragraphs", "comments") else " problem(s): " in said


def _regex_rules(schema: dict, path: tuple = ()) -> list[tuple[str, str, int]]:
    """(field, pattern, text limit) for every regex in the schema."""
    found = []
    for key, rule in schema.items():
        inner = rule.get("schema") or {}
        if "regex" in rule:
            found.append((".".join(path + (key,)), rule["regex"], text_limit(rule)))
        if rule.get("type") == "dict":
            found += _regex_rules(inner, path + (key,))
        elif rule.get("type") == "list" and "regex" in inner:
            found.append((".".join(path + (key, "[]")), inner["regex"], text_limit(inner)))
    return found


def pathological(n: int) -> list[str]:
    """Texts of about n characters that make backtracking regexes (nested or adjacent repeats) blow up."""
    return ["a@" + "." * n + "@", "1" + ".1" * (n // 2) + "!", "[" + "a" * n, "a" * n + "!", " " * n + "x",
            "@" * n, "." * n, "1" * n + "x", "November " + "1" * n, "[[" * (n // 2), "a." * (n // 2) + "@"]


def _slowest(pattern: re.Pattern, texts: list[str]) -> float:
    worst = 0.0
    for text in texts:
        start = time.perf_counter()
        pattern.fullmatch(text)
        pattern.search(text)
        worst = max(worst, time.perf_counter() - start)
    return worst


def test_the_schema_has_regexes_to_check(model):
    assert {f for f, _, _ in _regex_rules(model.schema)} >= {"jurisdiction.chapter", "staff_report.contact_email",
                                                             "policy.report_due"}


def test_every_schema_regex_is_fast_on_pathological_text_at_its_limit(model):
    for field, pattern, limit in _regex_rules(model.schema):
        assert _slowest(re.compile(pattern), pathological(limit)) < REGEX_SECONDS, field


@pytest.mark.parametrize("name, pattern, limit", [
    ("section heading", NUMBERED, 20_000), ("reference", REFERENCE, 20_000), ("month and day", MONTH_DAY, 200),
    ("placeholder", PLACEHOLDER, 20_000), ("file name", SLUG, 255), ("ISO date", ISO_DATE, 200),
    ("characters a document cannot hold", BAD_CHARS, 2_000_000), ("line break", yamlsource.LINE_BREAK, 2_000_000)])
def test_every_regex_of_ours_is_fast_on_pathological_text(name, pattern, limit):
    assert _slowest(pattern, pathological(limit)) < REGEX_SECONDS, name


def test_yaml_resolvers_are_fast_on_long_plain_scalars():
    resolvers = [rx for items in yamlsource._Loader.yaml_implicit_resolvers.values() for _, rx in items]
    for rx in resolvers:
        assert _slowest(rx, pathological(200_000) + ["1:" * 100_000 + "x", "2001-01-01" + " " * 200_000]) < 2.0


def test_limits_come_from_the_schema_or_a_default():
    assert (text_limit({"maxlength": 80}), text_limit({})) == (80, DEFAULT_MAX_TEXT)
    assert (item_limit({"maxlength": 25}), item_limit({})) == (25, DEFAULT_MAX_ITEMS)


def _source(text: str) -> yamlsource.Source:
    return yamlsource.load(Path("f.yaml"), text)


SCHEMA = {"a": {"type": "list", "maxlength": 2, "schema": {"type": "string", "maxlength": 3}},
          "b": {"type": "dict", "schema": {"c": {"type": "string"}}}}


def test_unknown_fields_are_set_aside_and_long_lists_and_texts_cut():
    source = _source("a: [abcd, x, y]\nb: {c: " + "z" * 300 + ", d: 1}\ne: 2\n")
    found = bound(source, SCHEMA, source.data)
    assert found.data == {"a": ["abc", "x"], "b": {"c": "z" * DEFAULT_MAX_TEXT}} and found.cut_list
    assert [str(p) for p in found.problems] == [
        "f.yaml:1:4: a: is too long: 3 items; the limit is 2",
        "f.yaml:1:5: a[0]: is too long: 4 characters; the limit is 3",
        f"f.yaml:2:8: b.c: is too long: 300 characters; the limit is {DEFAULT_MAX_TEXT}",
        "f.yaml:2:310: b.d: unknown field; expected one of: c",
        "f.yaml:3:1: e: unknown field; expected one of: a, b"]


def test_a_file_of_many_problems_lists_the_first_two_hundred(model, tmp_path):
    text = (ROOT / "tests/bad_inputs/many_unknown_keys.yaml").read_text(encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        from draftkit.jurisdiction import validate_source
        validate_source(yamlsource.load(Path("many.yaml"), text), model)
    lines = [str(p) for p in caught.value.problems]
    assert len(lines) == yamlsource.MAX_PROBLEMS + 1
    assert lines[-1].endswith("and 50 more problem(s) from here on, not listed; fix those above first")


def test_large_files_are_read_by_libyaml_with_the_same_limits():
    deep = "a: " + "[" * 60 + "]" * 60 + "\n"
    padding = "# " + "x" * 78 + "\n"
    lines = yamlsource.PYTHON_READER_LIMIT // 80 + 1
    for text, line in ((deep, 1), (padding * lines + deep, lines + 1)):  # read by PyYAML, then by libyaml
        with pytest.raises(InvalidInput, match=rf"^f.yaml:{line}:44: the document is too large: nested more than 40 "):
            _source(text)
    many = padding * 500 + "b: [" + ", ".join(["1"] * (yamlsource.MAX_NODES + 1)) + "]\n"
    with pytest.raises(InvalidInput, match=r"f.yaml:501:1: b: the document is too large: more than 10,000 values$"):
        _source(many)


def test_a_large_file_keeps_every_position():
    padding = "# " + "x" * 78 + "\n"
    text = padding * (yamlsource.PYTHON_READER_LIMIT // 80 + 1) + "a:\n  b: [1, 2]\n  c: x\n"
    source = _source(text)
    line = yamlsource.PYTHON_READER_LIMIT // 80 + 2
    assert source.key_marks[("a", "c")] == yamlsource.Mark(line + 2, 3)
    assert source.value_marks[("a", "b", 1)] == yamlsource.Mark(line + 1, 10)
    assert source.data == {"a": {"b": [1, 2], "c": "x"}}


def test_aliases_may_not_repeat_more_text_than_the_file_may_hold():
    big = "x" * 100_000
    with pytest.raises(InvalidInput, match="aliases \\(\\*name\\) repeat its text past 2,000,000 characters"):
        _source(f"a: &big {big}\nb: [" + ", ".join(["*big"] * 25) + "]\n")
