"""Reading YAML: positions, YAML 1.2 booleans, and every malformed input reported with its place."""
from __future__ import annotations

from pathlib import Path

import pytest

from draftkit import yamlsource
from draftkit.errors import InvalidInput


def messages(text: str | bytes) -> list[str]:
    path = Path("f.yaml")
    with pytest.raises(InvalidInput) as caught:
        if isinstance(text, bytes):
            yamlsource.load(path, yamlsource._decode(path, text))
        else:
            yamlsource.load(path, text)
    return [str(p) for p in caught.value.problems]


def test_positions_of_keys_and_values():
    source = yamlsource.load(Path("f.yaml"), "a:\n  b: [1, 2]\n  c: x\n")
    assert source.key_marks[("a", "c")] == yamlsource.Mark(3, 3)
    assert source.value_marks[("a", "b", 1)] == yamlsource.Mark(2, 10)
    assert source.mark(("a", "missing")) == yamlsource.Mark(1, 1)


def test_only_true_and_false_are_booleans():
    data = yamlsource.load(Path("f.yaml"), "a: no\nb: true\nc: Off\n").data
    assert data == {"a": "no", "b": True, "c": "Off"}


def test_plain_scalars_keep_their_text():
    source = yamlsource.load(Path("f.yaml"), "n: 01234\nq: '7'\n")
    assert source.plain_text[("n",)] == "01234" and ("q",) not in source.plain_text


def test_syntax_error_gives_line_and_column():
    assert messages("a: 1\nb: c: d\n") == ["f.yaml:2:5: YAML syntax error: mapping values are not allowed here"]


def test_tab_indentation():
    assert messages("a:\n\tb: 1\n")[0].startswith("f.yaml:2:1: YAML syntax error") and "tab" in messages("a:\n\tb: 1\n")[0]


def test_duplicate_keys_all_reported():
    assert messages("a: 1\nb: 2\na: 3\nb: 4\n") == [
        "f.yaml:3:1: a: duplicate key; it is already given on line 1; keep one of them",
        "f.yaml:4:1: b: duplicate key; it is already given on line 2; keep one of them"]


def test_empty_file_and_non_mapping_top():
    assert "the file is empty" in messages("# only a comment\n")[0]
    assert messages("- a\n- b\n") == ["f.yaml:1:1: the top level is a list; expected a mapping of fields such as "
                                      "`jurisdiction:` and `policy:`"]
    assert "the top level is a single value" in messages("just text\n")[0]


def test_alias_bomb_is_stopped():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    assert f"more than {yamlsource.MAX_NODES:,} values (an alias that expands too far?)" in messages(
        "\n".join(lines) + "\n")[0]


def test_deep_nesting_is_stopped():
    assert "nested more than" in messages("a: " + "[" * 60 + "]" * 60 + "\n")[0]


def test_not_utf8_names_the_byte_and_line():
    assert messages(b"a: 1\nb: caf\xe9\n") == ["f.yaml:2:7: byte 0xe9 is not UTF-8 text; save the file as UTF-8"]


def test_byte_order_mark_is_accepted():
    path = Path("f.yaml")
    assert yamlsource.load(path, yamlsource._decode(path, "\ufeffa: 1\n".encode("utf-8"))).data == {"a": 1}


def test_binary_garbage():
    assert messages(b"\x89PNG\r\n\x1a\n\x00\x00\x00") == ["f.yaml: this is a binary file, not a YAML text file"]


def test_a_raw_control_character_is_placed_on_its_line():
    found = messages("a: 1\rb: x\x0cy\r\n")  # a lone CR ends a line too
    assert found == ["f.yaml:2:5: the character U+000C is not allowed in a YAML file; remove it"]


def test_tags_are_refused_but_a_tag_naming_its_own_type_is_not():
    assert messages("a: !!python/object/apply:os.system [ls]\nb: !x {c: 1}\n") == [
        "f.yaml:1:4: a: the tag '!!python/object/apply:os.system' is not allowed; write plain values without tags",
        "f.yaml:2:4: b: the tag '!x' is not allowed; write plain values without tags"]
    assert yamlsource.load(Path("f.yaml"), "a: !!str 5\nb: !!int 5\n").data == {"a": "5", "b": 5}


def test_yaml_1_1_merge_and_value_keys():
    assert messages("a: &x {b: 1}\nc:\n  <<: *x\n") == [
        "f.yaml:3:3: c: merge keys (<<) are not supported; write the fields out in full"]
    assert yamlsource.load(Path("f.yaml"), "a: =\nb: <<\n").data == {"a": "=", "b": "<<"}


def test_nesting_is_stopped_before_python_recursion():
    assert messages("a: " + "[" * 5000 + "]" * 5000 + "\n") == [
        "f.yaml:1:44: the document is too large: nested more than 40 levels deep"]  # the 41st [


def test_utf16_is_named():
    expected = ["f.yaml: the file is saved as UTF-16 text; save it as UTF-8"]
    assert messages("a: 1\n".encode("utf-16")) == expected == messages("a: 1\nb: 2\n".encode("utf-16-be"))
