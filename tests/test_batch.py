"""Batch building: parallel and serial runs give the same files and the same errors."""
from __future__ import annotations

import io

from conftest import ALL_SAMPLES, ROOT

from draftkit.batch import Progress, build_many


def files_of(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_equals_serial(tmp_path, model):
    serial = build_many([ROOT / "jurisdictions"], tmp_path / "serial", model, jobs=1)
    parallel = build_many([ROOT / "jurisdictions"], tmp_path / "parallel", model, jobs=2)
    assert [o.slug for o in serial] == [o.slug for o in parallel]
    assert files_of(tmp_path / "serial") == files_of(tmp_path / "parallel")
    assert len(files_of(tmp_path / "serial")) == len(ALL_SAMPLES) * 7  # every model's samples, seven files each


def test_errors_are_the_same_in_order(tmp_path, model, richmond_text):
    (tmp_path / "in").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "in" / f"{name}.yaml").write_text(richmond_text)
    results = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        out.mkdir()
        (out / "b").mkdir()
        (out / "b/ordinance.docx").write_bytes(b"a file someone else put here")
        results.append([(o.slug, bool(o.written), o.error and o.error.split(": ", 1)[1])
                        for o in build_many([tmp_path / "in"], out, model, jobs=jobs)])
    assert results[0] == results[1]
    assert [r[:2] for r in results[0]] == [("a", True), ("b", False), ("c", True)]


def test_progress_bar_only_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    quiet, loud = io.StringIO(), Terminal()
    for stream in (quiet, loud):
        bar = Progress(2, stream)
        bar.step("a")
        bar.step("b")
    assert quiet.getvalue() == "" and "2/2" in loud.getvalue()


def test_ctrl_c_during_a_parallel_build_stops_cleanly(tmp_path):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) during --jobs 4: exit 130 and one
    message, no traceback, no process left; every folder written is complete."""
    import os
    import signal
    import subprocess
    import sys
    import time

    sys.path.insert(0, str(ROOT / "bench"))
    import synthetic

    synthetic.write_folder(tmp_path / "many", 40)
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, str(ROOT / "draft.py"), "build", str(tmp_path / "many"), "--out", str(out),
                            "--jobs", "4"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)
    deadline = time.monotonic() + 120
    while not (out.is_dir() and len(list(out.iterdir())) >= 3) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGINT)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 130, err
    assert err.strip() == ("interrupted: each output folder is as it was or fully updated (a write cut short is "
                           "finished by the next draft command that writes there)")
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-g", str(run.pid)], capture_output=True, text=True).stdout
    assert left == "", f"processes left: {left}"
    written = [f for f in out.iterdir() if any(f.iterdir())]
    assert 0 < len(written) < 40
    for folder in written:
        names = sorted(p.name for p in folder.iterdir())
        assert names == [".draftkit-manifest.json", "baseline.docx", "changes.json", "ordinance.docx", "redline.docx",
                         "redline.html", "staff_report.docx"], (folder, names)
