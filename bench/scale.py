"""Whole commands as processes: `draft compare` beside `draft build` of the same synthetic jurisdictions at
national scale, the start-up of small commands, and a `draft redline` process beside python-redlines.

Each figure is a subprocess's own: wall time, CPU time of it and its workers (os.wait4's rusage), and the
peak resident memory of its largest process (ru_maxrss of the children covers the largest one)."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import page
import synthetic

ROOT = Path(__file__).resolve().parent.parent
TARGET_COMPARE_RATIO, TARGET_MB, TARGET_PAGE_S = 0.5, 400.0, 1.0


def timed(args: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None,
          command: tuple[str, ...] = ("-m", "draftkit")) -> dict[str, Any]:
    """Run `python -m draftkit ARGS` once: wall, CPU (with its workers), peak memory of its largest process.
    (`command` replaces `-m draftkit` for the interpreter's own floor; `env`, when given, is the child's.)"""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, *command, *map(str, args)], cwd=cwd, env=env,
                                 stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    return {"exit": os.waitstatus_to_exitcode(status), "wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "stderr": stderr.strip()[-1500:]}


def _per(row: dict[str, Any], n: int) -> dict[str, Any]:
    return {**row, "jurisdictions": n, "cpu_per_jurisdiction_ms": row["cpu_s"] / n * 1000,
            "wall_per_jurisdiction_ms": row["wall_s"] / n * 1000}


def _line(what: str, row: dict[str, Any]) -> str:
    return (f"  {what:<26}{row['wall_s']:8.1f} s wall, CPU {row['cpu_s']:8.1f} s "
            f"({row['cpu_per_jurisdiction_ms']:5.1f} ms per jurisdiction), peak {row['peak_mb']:5.0f} MB, "
            f"exit {row['exit']}" + (f"\n    {row['stderr']}" if row["exit"] else ""))


def compare_scale(n: int, jobs: int, work: Path, *, fresh: bool) -> dict[str, Any]:
    """`draft build` of n synthetic jurisdictions, then `draft compare` of them into the same folder (reusing
    the build's change lists); with `fresh`, also `draft compare` into an empty folder (rendering all)."""
    folder, out = work / f"compare{n}", work / f"compare_out{n}"
    synthetic.write_folder(folder, n)
    row = {"jurisdictions": n, "jobs": jobs,
           "build": _per(timed(["build", folder, "--out", out, "--jobs", jobs]), n),
           "compare": _per(timed(["compare", folder, "--out", out, "--jobs", jobs]), n)}
    if fresh:
        row["compare_fresh"] = _per(timed(["compare", folder, "--out", work / f"fresh{n}", "--jobs", jobs]), n)
        shutil.rmtree(work / f"fresh{n}", ignore_errors=True)
    row["ratio_compare_to_build"] = row["compare"]["wall_s"] / row["build"]["wall_s"]
    row["ratio_compare_to_build_cpu"] = row["compare"]["cpu_s"] / row["build"]["cpu_s"]
    row["national_wall_s"] = row["build"]["wall_s"] + row["compare"]["wall_s"]
    row["peak_mb"] = max(row["build"]["peak_mb"], row["compare"]["peak_mb"])
    sizes = {name: (out / f"comparison.{name}").stat().st_size for name in ("html", "csv", "json")
             if (out / f"comparison.{name}").exists()}
    row["comparison_bytes"] = sizes
    return row


def print_scale(row: dict[str, Any]) -> None:
    n = row["jurisdictions"]
    print(f"{n:,} jurisdictions, {row['jobs']} processes:")
    print(_line("draft build", row["build"]))
    print(_line("draft compare (after it)", row["compare"]))
    if "compare_fresh" in row:
        print(_line("draft compare (no build)", row["compare_fresh"]))
    ratio = row["ratio_compare_to_build"]
    print(f"  RATIO compare / build: {ratio:.2f}x wall, {row['ratio_compare_to_build_cpu']:.2f}x CPU "
          f"(target <= {TARGET_COMPARE_RATIO:g}) {'ok' if ratio <= TARGET_COMPARE_RATIO else 'MISSED'}; "
          f"build + compare {row['national_wall_s']:.0f} s, peak {row['peak_mb']:.0f} MB per process "
          f"(target < {TARGET_MB:g}) {'ok' if row['peak_mb'] < TARGET_MB else 'MISSED'}")
    print("  comparison files: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in row["comparison_bytes"].items()))


def page_times(out: Path, figures: dict) -> None:
    """Open, filter, sort and follow a link in the comparison page of a compared folder."""
    driver, why = page.browser()
    if driver is None:
        figures.setdefault("notes", []).append(f"page timings not measured: {why}")
        print(f"  page: not measured ({why})")
        return
    try:  # the first time in a browser just started, then again as a reader who opens it a second time
        runs = {"first": page.time_page(driver, out / "comparison.html"),
                "again": page.time_page(driver, out / "comparison.html")}
    finally:
        driver.quit()
    figures["page"] = runs
    for when, times in runs.items():
        print(f"  page in headless Chromium ({when}): " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in times.items()
                                                                    if k != "sorted_first_changed")
              + f" (goal: under {TARGET_PAGE_S:g} s each) "
              + ("ok" if all(v < TARGET_PAGE_S for k, v in times.items() if k != "sorted_first_changed") else "MISSED"))


def compare_scales(sizes: tuple[int, ...], jobs: int, work: Path, figures: dict) -> None:
    print(f"\n== Compare at scale: draft build, then draft compare, {jobs} processes ==")
    rows = []
    for n in sizes:
        rows.append(compare_scale(n, jobs, work, fresh=n == min(sizes)))
        print_scale(rows[-1])
        if n == 5000 or (n == max(sizes) and 5000 not in sizes):
            page_times(work / f"compare_out{n}", figures)
        shutil.rmtree(work / f"compare_out{n}", ignore_errors=True)
        shutil.rmtree(work / f"compare{n}", ignore_errors=True)
    figures["compare_scale"] = rows


# --- start-up and whole processes --------------------------------------------------------------------------


def median_of(args: list[str], runs: int, *, cwd: Path = ROOT, env: dict[str, str] | None = None,
              command: tuple[str, ...] = ("-m", "draftkit")) -> dict[str, Any]:
    found = [timed(args, cwd=cwd, env=env, command=command) for _ in range(runs)]
    return {"wall_s": statistics.median(r["wall_s"] for r in found), "min_s": min(r["wall_s"] for r in found),
            "exit": max(r["exit"] for r in found), "runs": runs}


def startup(figures: dict, *, runs: int = 5) -> None:
    """`draft --help` and `draft validate FILE` as processes (what a clerk waits for)."""
    sample = ROOT / "jurisdictions" / "oakland.yaml"
    rows = {"help": median_of(["--help"], runs), "validate": median_of(["validate", sample], runs)}
    figures["startup"] = rows
    print(f"\n== Start-up (whole processes, median of {runs}) ==")
    print(f"draft --help: {rows['help']['wall_s'] * 1000:.0f} ms; draft validate {sample.name}: "
          f"{rows['validate']['wall_s'] * 1000:.0f} ms")


def accepted_text(docx: bytes) -> list[str]:
    """A DOCX's paragraphs with every tracked change accepted (as draftkit reads any DOCX)."""
    from draftkit.docx_text import read_sections
    from draftkit.ooxml.package import open_docx

    return [p.text for p in read_sections(open_docx(docx)).paragraphs]


def redline_processes(pair: tuple[bytes, bytes, int], figures: dict, *, runs: int = 5) -> None:
    """A whole `draft redline --input DRAFT --base BASE` process beside python-redlines on the same pair."""
    with tempfile.TemporaryDirectory(prefix="draftkit-pair-") as tmp:
        base, draft = Path(tmp) / "base.docx", Path(tmp) / "draft.docx"
        base.write_bytes(pair[0])
        draft.write_bytes(pair[1])
        command = ["redline", "--input", draft, "--base", base, "--out", Path(tmp) / "out", "--force"]
        ours = median_of(command, runs)
        ours_correct = accepted_text((Path(tmp) / "out" / "draft" / "redline.docx").read_bytes()) == \
            accepted_text(pair[1])
        floors = {"python_s": median_of([], runs, command=("-c", "pass"))["wall_s"],
                  "lxml_s": median_of([], runs, command=("-c", "import lxml.etree"))["wall_s"]}
        compiled = _with_bytecode(command, runs, Path(tmp))
    row: dict[str, Any] = {"words": pair[2], "ours_process_s": ours["wall_s"], "exit": ours["exit"], **floors}
    line = (f"draft redline process, {pair[2]:,}-word pair: {ours['wall_s'] * 1000:.0f} ms (median of {runs}; "
            f"of which a bare interpreter {floors['python_s'] * 1000:.0f} ms, with lxml imported "
            f"{floors['lxml_s'] * 1000:.0f} ms)")
    cached = ""
    if compiled is not None:
        row["ours_process_bytecode_cached_s"] = compiled["wall_s"]
        cached = (f"\n  this environment writes no bytecode (PYTHONDONTWRITEBYTECODE), so each process above "
                  f"compiled draftkit's sources; with its bytecode cached, as an installed package has it, the same "
                  f"process takes {compiled['wall_s'] * 1000:.0f} ms (median of {runs})")
    try:
        from python_redlines import DocxodusEngine
    except ImportError:
        figures.setdefault("notes", []).append("python-redlines is not installed: no whole-process ratio")
        print(line + "; python-redlines not installed" + cached)
        figures["redline_process"] = row
        return
    engine = DocxodusEngine()
    result = engine.run_redline("bench", pair[0], pair[1])  # unpacks and starts .NET: not counted
    row["theirs_correct"] = accepted_text(result[0] if isinstance(result, tuple) else result) == accepted_text(pair[1])
    row["ours_correct"] = ours_correct
    theirs = []
    for _ in range(3):
        start = time.perf_counter()
        engine.run_redline("bench", pair[0], pair[1])
        theirs.append(time.perf_counter() - start)
    row["theirs_call_s"] = statistics.median(theirs)
    row["speedup"] = row["theirs_call_s"] / ours["wall_s"]
    row["ceiling"] = row["theirs_call_s"] / floors["lxml_s"]  # the ratio if draftkit's own code took no time
    line += (f"; each redline, its changes accepted, reads as the draft: ours {'yes' if ours_correct else 'NO'}, "
             f"python-redlines {'yes' if row['theirs_correct'] else 'NO'}")
    line += (f"; a python-redlines call {row['theirs_call_s'] * 1000:.0f} ms; RATIO python-redlines call / our "
             f"process: {row['speedup']:.1f}x (target >= 10x) {'ok' if row['speedup'] >= 10 else 'MISSED'}; "
             f"the interpreter with lxml alone would be {row['ceiling']:.1f}x")
    if compiled is not None:
        row["speedup_bytecode_cached"] = row["theirs_call_s"] / compiled["wall_s"]
        cached += f": {row['speedup_bytecode_cached']:.1f}x the python-redlines call"
    print(line + cached)
    figures["redline_process"] = row


def _with_bytecode(command: list, runs: int, tmp: Path) -> dict[str, Any] | None:
    """When the environment forbids writing bytecode (so every process compiles draftkit's sources), the same
    command with a bytecode cache in a temporary folder, written by one run first; None otherwise."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return None
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "bytecode")
    timed(command, env=env)
    return median_of(command, runs, env=env)
