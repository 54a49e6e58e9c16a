"""A normal install (`pip install .`, not editable) carries the shipped models: draft works from any folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
import venv

import pytest
from conftest import ROOT

SKIP = shutil.ignore_patterns(".git", "out", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".venv")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh virtual environment with draftkit installed from a copy of the checkout (its dependencies are
    taken from this interpreter's site-packages, so the test needs no network)."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    env = root / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env)
    python = env / "bin" / "python"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(root / "wheel"),
                            str(source)], capture_output=True, text=True, timeout=600)  # what `pip install .` builds
    assert built.returncode == 0, built.stderr
    wheel = next((root / "wheel").glob("draftkit-*.whl"))
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                           str(wheel)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    shutil.rmtree(source)  # nothing may be read from the checkout any more
    return env


def draft(env, *args, cwd):
    return subprocess.run([str(env / "bin" / "draft"), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_the_installed_package_is_not_the_checkout(installed, tmp_path):
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import draftkit, draftkit.models as m; "
                            "print(draftkit.__file__); print(*m.shipped())"], cwd=tmp_path, capture_output=True,
                           text=True, timeout=60)
    assert where.returncode == 0, where.stderr
    module, names = where.stdout.splitlines()
    assert str(installed) in module and str(ROOT) not in module
    assert names.split() == ["ordinance", "ccops"]


def test_draft_build_works_from_another_folder(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(ROOT / "jurisdictions" / "oakland.yaml", elsewhere / "oakland.yaml")
    shutil.copy(ROOT / "jurisdictions" / "santa_clara_county_surveillance.yaml", elsewhere / "scc.yaml")
    result = draft(installed, "build", ".", "--out", "out", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    for name in ("oakland", "scc"):
        for file in ("ordinance.docx", "staff_report.docx", "redline.docx", "redline.html"):
            assert (elsewhere / "out" / name / file).is_file(), f"{name}/{file}"
    compared = draft(installed, "compare", ".", "--out", "out", cwd=elsewhere)
    assert compared.returncode == 0, compared.stderr
    assert (elsewhere / "out" / "comparison.html").is_file() and (elsewhere / "out" / "comparison-ccops.html").is_file()


def test_draft_new_and_model_commands_work_installed(installed, tmp_path):
    made = draft(installed, "new", "County of Yolo", "--model", "ccops", "--out-dir", ".", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "model: \"ccops\"" in (tmp_path / "yolo_county.yaml").read_text()
    checked = draft(installed, "model", "check", "ccops", cwd=tmp_path)
    assert checked.returncode == 0 and "ok:" in checked.stdout, checked.stderr
    shown = draft(installed, "model", "show", "--out", "read", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert (tmp_path / "read" / "model.html").is_file()
