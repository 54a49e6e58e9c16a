"""The command line: exit codes, messages on stderr, files written (or not), and help with examples."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile

import pytest
from conftest import ALL_SAMPLES, ROOT, replace_line

from draftkit.cli import main


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "draft.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_validate_samples_ok(capsys):
    assert main(["validate", str(ROOT / "jurisdictions")]) == 0
    assert capsys.readouterr().out.count("ok: ") == len(ALL_SAMPLES)  # both models' samples, each with its own


def test_build_writes_both_documents(tmp_path):
    result = run("build", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    for slug in ("richmond", "berkeley", "oakland", "alameda", "marin_county"):
        for name in ("ordinance.docx", "staff_report.docx"):
            assert (tmp_path / slug / name).stat().st_size > 10_000
    assert not list(tmp_path.rglob("*.tmp"))


def test_build_is_byte_identical_twice(tmp_path):
    assert main(["build", str(ROOT / "jurisdictions/oakland.yaml"), "--out", str(tmp_path / "a")]) == 0
    assert main(["build", str(ROOT / "jurisdictions/oakland.yaml"), "--out", str(tmp_path / "b")]) == 0
    for name in ("ordinance.docx", "staff_report.docx"):
        assert (tmp_path / "a/oakland" / name).read_bytes() == (tmp_path / "b/oakland" / name).read_bytes()


def test_invalid_input_exit_1_no_traceback_nothing_written(tmp_path, richmond_text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(replace_line(richmond_text, r"^  cure_days:", "  cure_days: -3"))
    (tmp_path / "good.yaml").write_text(richmond_text)
    result = run("build", tmp_path, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert re.search(r"bad\.yaml:\d+:14: policy\.cure_days: must be at least 1, not -3", result.stderr)
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_validate_yaml_syntax_error(tmp_path):
    (tmp_path / "x.yaml").write_text("jurisdiction:\n  name: [unclosed\n")
    result = run("validate", tmp_path / "x.yaml")
    assert result.returncode == 1 and "x.yaml:3:1: YAML syntax error" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run("frobnicate").returncode == 2
    assert run("build", "--no-such-flag").returncode == 2
    result = run("build", tmp_path / "missing.yaml")
    assert result.returncode == 1 and "no such file or folder" in result.stderr


@pytest.mark.parametrize("command", ["validate", "build", "new"])
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert "Example" in capsys.readouterr().out


def test_new_scaffold_validates_once_filled(tmp_path):
    result = run("new", "City of San José", "--out-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "san_jose.yaml"
    text = path.read_text()
    assert 'full_name: "City of San José"' in text and "# Cure period (days)" in text
    assert run("validate", path).returncode == 1
    fills = {"a date, YYYY-MM-DD": "2026-01-06", "Chapter": "2.99", "name": "Ana Pérez",
             "Contact email": "clerk@sanjose.example"}
    filled = re.sub(r'"\[FILL IN: ([^\]]+)\]"', lambda m: '"' + fills.get(m[1], "Filled " + m[1]) + '"', text)
    filled = re.sub(r"(since|date|meeting): \"(\d{4}-\d\d-\d\d)\"", r"\1: \2", filled)
    path.write_text(filled)
    result = run("validate", path)
    assert result.returncode == 0, result.stderr
    assert run("new", "City of San José", "--out-dir", tmp_path).returncode == 2


def test_build_writes_the_redline_outputs(tmp_path):
    assert main(["build", str(ROOT / "jurisdictions/berkeley.yaml"), "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in (tmp_path / "berkeley").iterdir())
    assert names == [".draftkit-manifest.json", "baseline.docx", "changes.json", "ordinance.docx", "redline.docx", "redline.html",
                     "staff_report.docx"]


def test_redline_command_against_canonical(tmp_path):
    """Against the bracketed model: Richmond (the model's own policy) fills blanks only, Berkeley departs."""
    result = run("redline", ROOT / "jurisdictions/richmond.yaml", ROOT / "jurisdictions/berkeley.yaml",
                 "--against", "canonical", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    import json

    richmond = json.loads((tmp_path / "richmond/changes.json").read_text())
    berkeley = json.loads((tmp_path / "berkeley/changes.json").read_text())
    assert richmond["against"] == "canonical" and richmond["changed_sections"] == []
    assert {c["provision"] for c in berkeley["changed_sections"]} >= {"investments", "enforcement"}
    assert b"<w:ins " in zipfile.ZipFile(tmp_path / "richmond/redline.docx").read("word/document.xml")
    assert not (tmp_path / "richmond/staff_report.docx").exists()


def test_redline_usage_errors(tmp_path):
    assert run("redline", "--against", "nowhere").returncode == 2
    result = run("redline", ROOT / "jurisdictions/richmond.yaml", "--docx", ROOT / "README.md")
    assert result.returncode == 2 and "either --docx FILE or jurisdiction PATHs" in result.stderr
    result = run("redline", "--docx", tmp_path / "missing.docx", "--out", tmp_path)
    assert result.returncode == 1 and "missing.docx" in result.stderr and "Traceback" not in result.stderr


def test_compare_command_reports_failures_and_compares_the_rest(tmp_path, richmond_text):
    (tmp_path / "good.yaml").write_text(richmond_text)
    (tmp_path / "bad.yaml").write_text(replace_line(richmond_text, r"^  cure_days:", "  cure_days: soon"))
    result = run("compare", tmp_path, "--out", tmp_path / "out")
    assert result.returncode == 1 and "bad.yaml" in result.stderr and "cure_days" in result.stderr
    for name in ("comparison.html", "comparison.csv", "comparison.json"):
        assert (tmp_path / "out" / name).exists()


def test_build_refuses_to_overwrite_an_edited_output(tmp_path):
    assert run("build", ROOT / "jurisdictions/oakland.yaml", "--out", tmp_path).returncode == 0
    ordinance = tmp_path / "oakland/ordinance.docx"
    ordinance.write_bytes(ordinance.read_bytes() + b"edited")
    result = run("build", ROOT / "jurisdictions/oakland.yaml", "--out", tmp_path)
    assert result.returncode == 1 and "ordinance.docx: was changed since draftkit wrote it" in result.stderr
    assert ordinance.read_bytes().endswith(b"edited")
    assert run("build", ROOT / "jurisdictions/oakland.yaml", "--out", tmp_path, "--force").returncode == 0
    assert not ordinance.read_bytes().endswith(b"edited")


def test_jobs_must_be_a_positive_number():
    assert run("build", "--jobs", "0").returncode == 2


def test_readme_documents_every_command_and_the_ci_runs_its_test_command():
    from draftkit.cli import _parser

    readme = (ROOT / "README.md").read_text()
    commands = next(a for a in _parser()._actions if a.dest == "command").choices
    for name in commands:
        assert f"`draft {name}" in readme, f"README does not document `draft {name}`"
    test_command = re.search(r"Run the tests.*?```\n(.+?)\n```", readme, re.DOTALL)[1]
    assert test_command in (ROOT / ".ci/run").read_text()


LINES = [["validate"], ["validate", "a.yaml", "--model", "ccops"], ["build", "--out", "o", "-j", "2", "--pdf"],
         ["--model", "ccops", "build", "x.yaml"], ["--model=ccops", "compare", "--force"],
         ["redline", "--input", "a.docx", "--base", "b.docx", "--force"], ["redline", "p.yaml", "--against", "canonical"],
         ["new", "City of Fremont", "--out-dir", "j"], ["model", "show", "ccops", "--out", "o"],
         ["model", "init", "m.docx", "--out", "f"], ["serve", "--port", "0"], ["--model", "build", "build"]]
BAD_LINES = [["redline", "--bogus"], ["build", "-j", "0"], ["compare", "--against", "x"], ["model"], ["serve", "--port", "x"]]


@pytest.mark.parametrize("argv", LINES + BAD_LINES, ids=" ".join)
def test_a_parser_of_the_named_command_alone_parses_as_the_whole_one(argv, capsys):
    """main() builds only the named command's parser; what it parses, and every message it gives, are the
    whole parser's."""
    from draftkit.cli import _command_named, _parser

    def parse(parser):
        try:
            return vars(parser.parse_args(argv)), 0, capsys.readouterr()
        except SystemExit as exc:
            return None, exc.code, capsys.readouterr()

    named = _command_named(argv)
    whole = parse(_parser())
    assert parse(_parser(named)) == whole
    assert whole[1] == (2 if argv in BAD_LINES else 0)
    assert named == (argv[0] if argv in BAD_LINES else whole[0]["command"])


@pytest.mark.parametrize("argv", [["-h"], ["--help", "build"], ["--mod", "ccops", "build"], ["bogus"], [],
                                  ["--model"], ["-x", "build"]], ids=" ".join)
def test_help_and_errors_before_a_command_get_the_parser_of_every_command(argv):
    from draftkit.cli import _command_named

    assert _command_named(argv) is None
