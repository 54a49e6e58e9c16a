"""Bad input: every file in tests/bad_inputs fails with exactly the lines in its expected.txt, from the
library and from the command line (exit 1, no traceback, nothing written, bounded time and memory);
and no value a user controls can make an output DOCX malformed (issue 5, items 1 and 3)."""
from __future__ import annotations

import copy
import io
import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from lxml import etree

from draftkit.build import render_ordinance
from draftkit.docx_text import read_docx
from draftkit.errors import InvalidInput
from draftkit.jurisdiction import load_jurisdiction
from draftkit.packet import build_packet
from draftkit.yamlsource import MAX_BYTES, dotted

BAD = ROOT / "tests" / "bad_inputs"
GOOD = ROOT / "tests" / "good_inputs"
MEMORY_LIMIT = 1 << 30  # 1 GiB of address space for each command run
WHOLE_FILE = {"binary_garbage.yaml", "utf16_with_bom.yaml", "utf16_without_bom.yaml"}  # not text: no line
# The hostile files, each also run alone through the command line (the whole corpus is run in one go too).
CLI_CASES = ["alias_bomb.yaml", "binary_garbage.yaml", "not_utf8.yaml", "utf16_with_bom.yaml",
             "utf16_without_bom.yaml", "nul_byte_late.yaml", "very_deeply_nested.yaml", "recursive_alias.yaml",
             "huge_integer.yaml", "key_control_char.yaml", "lone_surrogate.yaml"]
TOO_LARGE = "{path}: the file is larger than 2,000,000 bytes, the limit for a jurisdiction file"


def _expected() -> dict[str, list[str]]:
    """expected.txt: `[file name]` followed by the lines `draft validate` prints for it."""
    cases: dict[str, list[str]] = {}
    for line in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and line.endswith("]"):
            name = line[1:-1]
            assert name not in cases, f"{name} is listed twice in expected.txt"
            cases[name] = []
        elif line and not line.startswith("#"):
            cases[name].append(line)
    return cases


EXPECTED = _expected()


def lines_for(path: Path, name: str | None = None) -> list[str]:
    return [line.replace("{path}", str(path)) for line in EXPECTED[name or path.name]]


def problems(path: Path, model) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        load_jurisdiction(path, model)
    return [str(p) for p in caught.value.problems]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def draft(*args) -> subprocess.CompletedProcess:
    """Run `python draft.py ...` with 1 GiB of address space; the 60 s timeout bounds its time."""
    return subprocess.run([sys.executable, str(ROOT / "draft.py"), *map(str, args)], cwd=ROOT, capture_output=True,
                          encoding="utf-8", errors="backslashreplace", timeout=60, preexec_fn=_limit_memory,
                          env={**os.environ, "PYTHONUTF8": "1"}, check=False)


def assert_refused(path: Path, expected: list[str], out: Path) -> None:
    """`draft validate` and `draft build` both exit 1 with exactly these lines and write nothing."""
    checked = draft("validate", path)
    assert (checked.returncode, checked.stdout) == (1, "")
    assert checked.stderr.splitlines() == expected + ["1 file(s) have problems; nothing was built"]
    built = draft("build", path, "--out", out)
    assert (built.returncode, built.stdout) == (1, "")
    assert built.stderr.splitlines() == expected
    assert "Traceback" not in checked.stderr + built.stderr
    assert not out.exists()


# -- the corpus -------------------------------------------------------------------------------------

def test_corpus_and_expected_lines_match():
    files = {p.name for p in BAD.iterdir() if p.suffix == ".yaml"}
    assert files == set(EXPECTED) and len(files) >= 45
    assert set(CLI_CASES) <= files and WHOLE_FILE <= files


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_problem_is_one_line_with_its_place(name):
    assert EXPECTED[name], f"{name}: no expected lines"
    place = r"\{path\}: " if name in WHOLE_FILE else r"\{path\}:\d+:\d+: "
    for line in EXPECTED[name]:
        assert re.match(place, line), line
        assert line.isprintable() and "Traceback" not in line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_reports_exactly_the_expected_lines(name, model):
    assert problems(BAD / name, model) == lines_for(BAD / name)


@pytest.mark.parametrize("name", sorted(p.name for p in GOOD.glob("*.yaml")))
def test_good_inputs_are_accepted(name, model):
    assert load_jurisdiction(GOOD / name, model).slug == name.removesuffix(".yaml")


def test_byte_order_mark_is_not_part_of_the_first_field(model):
    assert (GOOD / "bom_ok.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert load_jurisdiction(GOOD / "bom_ok.yaml", model).data["jurisdiction"]["name"] == "Richmond"


# -- the command line --------------------------------------------------------------------------------

def test_cli_validate_reports_the_whole_corpus():
    result = draft("validate", BAD)
    every = [line for name in sorted(EXPECTED) for line in lines_for(BAD / name)]
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == every + [f"{len(EXPECTED)} file(s) have problems; nothing was built"]


def test_cli_build_of_the_whole_corpus_writes_nothing(tmp_path):
    result = draft("build", BAD, "--out", tmp_path / "out")
    assert result.returncode == 1 and result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [line for name in sorted(EXPECTED) for line in lines_for(BAD / name)]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", CLI_CASES)
def test_cli_refuses_each_hostile_file(name, tmp_path):
    assert_refused(BAD / name, lines_for(BAD / name), tmp_path / "out")


@pytest.fixture
def huge_file(tmp_path) -> Path:
    """A valid jurisdiction padded with comments past the 2 MB limit (generated, not committed)."""
    path = tmp_path / "huge_file.yaml"
    padding = ("# " + "padding " * 12 + "\n") * (MAX_BYTES // 98 + 1)
    path.write_text(padding + (ROOT / "jurisdictions" / "richmond.yaml").read_text(encoding="utf-8"))
    assert path.stat().st_size > MAX_BYTES
    return path


def test_huge_file_is_refused_unread(huge_file, model, tmp_path):
    expected = [TOO_LARGE.replace("{path}", str(huge_file))]
    assert problems(huge_file, model) == expected
    assert_refused(huge_file, expected, tmp_path / "out")


def test_file_just_under_the_limit_is_read_and_checked(tmp_path, model):
    path = tmp_path / "long_history.yaml"
    text = (GOOD / "bom_ok.yaml").read_text(encoding="utf-8-sig")
    history = "x" * (MAX_BYTES - len(text) - 100)
    path.write_text(text.replace("  history: null", f"  history: {history}"), encoding="utf-8")
    assert path.stat().st_size <= MAX_BYTES
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("  history:"))
    expected = [f"{path}:{line}:12: staff_report.history: is too long: {len(history):,} characters; the limit is 4,000"]
    assert problems(path, model) == expected
    assert_refused(path, expected, tmp_path / "out")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_unread(tmp_path):
    assert_refused(Path("/dev/zero"), ["/dev/zero: cannot read the file: it is a device, not a regular file"],
                   tmp_path / "out")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "town.yaml"
    os.mkfifo(fifo)
    assert_refused(fifo, [f"{fifo}: cannot read the file: it is a named pipe (FIFO), not a regular file"],
                   tmp_path / "out")


def test_a_symlink_loop_is_refused(tmp_path):
    loop = tmp_path / "loop.yaml"
    os.symlink(loop, loop)
    assert_refused(loop, [f"{loop}: cannot read the file: Too many levels of symbolic links"], tmp_path / "out")


# -- XML safety of values (issue 5, item 3) ------------------------------------------------------------

UNWRITABLE = {"\x00": "the control character U+0000", "\x0b": "the control character U+000B",
              "\x0c": "the control character U+000C", "\x1b": "the control character U+001B",
              "\x7f": "the control character U+007F", chr(0xD800): "a lone surrogate U+D800",
              chr(0xDFFF): "a lone surrogate U+DFFF", "\ufffe": "a noncharacter U+FFFE"}


def _string_fields(schema: dict, prefix: tuple = ()) -> list[tuple]:
    """The path of every text field in the schema; list items as index 0."""
    found = []
    for key, rule in schema.items():
        path, kind = prefix + (key,), rule.get("type")
        item = rule.get("schema") or {}
        if kind == "string":
            found.append(path)
        elif kind == "dict":
            found += _string_fields(item, path)
        elif kind == "list" and item.get("type") == "string":
            found.append(path + (0,))
        elif kind == "list" and item.get("type") == "dict":
            found += _string_fields(item["schema"], path + (0,))
    return found


@pytest.fixture(scope="module")
def richmond_data(samples) -> dict:
    """Richmond's values, with an amendment and an abstention so that every text field has a value."""
    data = copy.deepcopy(samples["richmond"].data)
    data["amendments"] = [{"provision": "enforcement", "action": "add_after", "title": "Fees", "text": "More."}]
    vote = data["ordinance"]["vote"]
    vote["ayes"].remove("Melvin Willis")
    vote["abstain"] = ["Melvin Willis"]
    return data


def _with(data: dict, path: tuple, value) -> dict:
    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return data


def test_every_text_field_is_covered(model):
    fields = {dotted(p) for p in _string_fields(model.schema)}
    assert {"jurisdiction.members[0]", "ordinance.vote.abstain[0]", "policy.agencies[0]",
            "staff_report.history", "amendments[0].text", "amendments[0].title"} <= fields
    assert len(fields) >= 30


def test_every_text_field_rejects_characters_a_document_cannot_hold(tmp_path, model, richmond_data):
    path = tmp_path / "town.yaml"
    for field in _string_fields(model.schema):
        for char, what in UNWRITABLE.items():
            text = yaml.safe_dump(_with(richmond_data, field, f"Zq{char}Zq"), sort_keys=False, width=1000)
            line = next(i for i, s in enumerate(text.splitlines(), 1) if "Zq" in s)
            column = text.splitlines()[line - 1].index('"Zq') + 1
            path.write_text(text, encoding="utf-8")
            expected = f"{path}:{line}:{column}: {dotted(field)}: contains {what}, which a Word document cannot hold"
            assert problems(path, model) == [f"{expected}; remove it"], (field, char)


TRICKY = {("jurisdiction", "name"): "Richmond 🌉",
          ("jurisdiction", "full_name"): "City of \"Richmond\" & <Bay> 'Area'",
          ("jurisdiction", "clerk"): "كاتب المدينة",  # right-to-left
          ("jurisdiction", "attorney"): "Jose\u0301 Nun\u0303ez, City Attorney",  # combining marks
          ("sanctuary", "instrument"): "Ordinance No.\t29-90\nas amended",
          ("staff_report", "fiscal_impact"): "Cost:\t$0 & <none>\nStaff time only.",
          ("ordinance", "number"): "<w:t>]]>&amp;</w:t>"}
AMENDMENTS = [{"provision": "enforcement", "action": "append",
               "text": "Tab\there & <b>bold</b> \"quotes\" 'single' 🎉 עברית\u200f"},
              {"provision": "enforcement", "action": "add_after", "title": "Fees & <Costs>", "text": "A > B & C < D"}]


def _well_formed(docx: bytes) -> None:
    """Every XML part of the package parses with a strict parser."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name), etree.XMLParser(recover=False, resolve_entities=False))


def test_tricky_but_valid_text_renders_exactly(tmp_path, model, canonical, richmond_data):
    data = copy.deepcopy(richmond_data)
    for field, value in TRICKY.items():
        data = _with(data, field, value)
    data["amendments"] = AMENDMENTS
    path = tmp_path / "tricky.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    j = load_jurisdiction(path, model)
    ordinance = render_ordinance(j, model)
    _well_formed(ordinance.docx)
    text = "\n".join(p.text for p in read_docx(ordinance.docx).paragraphs)
    for value in [v for f, v in TRICKY.items() if f[0] != "staff_report"] + [AMENDMENTS[0]["text"], "Fees & <Costs>",
                                                                             "A > B & C < D"]:
        assert value in text, value
    packet = build_packet(j, model, canonical)
    for name, docx in packet.files.items():
        if name.endswith(".docx"):
            _well_formed(docx)
    report = "\n".join(p.text for p in read_docx(packet.files["staff_report.docx"]).paragraphs)
    assert TRICKY[("staff_report", "fiscal_impact")] in report
