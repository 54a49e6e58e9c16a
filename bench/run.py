"""The toolkit's benchmark (issue 6). Not a test; run it:

    python bench/run.py [--n 200] [--jobs N] [--worst-cases] [--redlines] [--scales A,B,C]
                        [--compare-scales 1000,5000,22600] [--profile] [--json FILE]

In this process, for N synthetic jurisdictions (bench/synthetic.py, fixed seed): the time of each stage
of the packet, the whole packet (draftkit.packet.build_packet) and the floor (plain docxtpl rendering the
same two templates with the same contexts), with their ratio; and the honest floors: docxtpl with each
template compiled once (as draftkit compiles it; the same bytes) for the packet's renders, and serialising
and deflating its four DOCX files. Then `draft build --jobs N` over the same files as a subprocess, and
`draft --help` and `draft validate FILE` as processes. --worst-cases adds 250/500/1,000 jurisdictions with 2
processes (--scales alone runs that part: linear growth, <= 60 s, <= 400 MB), a jurisdiction with 200
amendments and a 30,000-word repetitive pair. --compare-scales times `draft build` and then `draft compare`
of the same set at each size (wall, CPU per jurisdiction, peak memory, ratio), and the comparison page in
Chromium. --redlines times our redline of a ~1,500-word and the 30,000-word DOCX pair, python-redlines on
the same pairs if it is installed (optional: pip install "python-redlines[docxodus]"; never a dependency),
and a whole `draft redline` process beside a python-redlines call on the 1,500-word pair (both checked
to give the draft's text once their changes are accepted).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import floors
import scale
import stages
import synthetic

from draftkit import yamlsource
from draftkit.build import render_ordinance
from draftkit.jurisdiction import Jurisdiction, load_canonical, validate_source, with_identity_of
from draftkit.model import Model, load_model
from draftkit.packet import build_packet

TARGET_RATIO, TARGET_DIFF, TARGET_REDLINE_SPEEDUP = 3.0, 0.5, 20.0
TARGET_CACHED, TARGET_PROCESS_SPEEDUP = 2.0, 10.0
TARGET_BATCH_SECONDS, TARGET_BATCH_MB = 60.0, 400.0
SCALES = (250, 500, 1000)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def peak_mb(kilobytes: int) -> float:
    return kilobytes / 1024  # ru_maxrss is in KiB on Linux


class Figures(dict):
    """Everything measured, for --json; `note` keeps the remarks printed on the way."""

    def note(self, text: str) -> None:
        print(f"note: {text}")
        self.setdefault("notes", []).append(text)


# --- in process ----------------------------------------------------------------------------------------


def jurisdiction_of(slug: str, text: str, model: Model) -> Jurisdiction:
    return validate_source(yamlsource.load(Path(f"{slug}.yaml"), text=text), model)


def measure_packets(items: list[tuple[str, str]], model: Model, canonical: Jurisdiction, figures: Figures) -> None:
    """Stages, whole packet and floor for each jurisdiction, interleaved so caches treat them alike."""
    env, cached_env = stages.floor_environment(), floors.CachedEnvironment()
    templates = {name: model.templates[name].read_bytes() for name in ("ordinance", "staff_report")}
    cached: dict[str, list[float]] = {"two": [], "three": []}
    serialised: list[float] = []
    same = floors.same_cached_output(items[0], templates, model, canonical, cached_env)
    per_stage: dict[str, list[float]] = {s: [] for s in stages.STAGES}
    packet, full, floor = [], [], {"ordinance": [], "staff_report": [], "both": []}
    diffs, mismatched = [], []
    warm = stages.staged_packet(Path(f"{items[0][0]}.yaml"), items[0][1], model, canonical)  # imports, compiles
    build_packet(warm.jurisdiction, model, canonical)
    start = time.perf_counter()
    for slug, text in items:
        run = stages.staged_packet(Path(f"{slug}.yaml"), text, model, canonical)
        for stage in stages.STAGES:
            per_stage[stage].append(run.times.get(stage, 0.0))
        diffs.append(run.times["diff"])
        t0 = stages.timer()
        built = build_packet(run.jurisdiction, model, canonical)
        packet.append(stages.timer() - t0)
        full.append(packet[-1] + run.times["validate"])
        if built.files != run.files:
            mismatched.append(slug)
        pair = [stages.floor_render(model.templates[name], run.contexts[name], env)
                for name in ("ordinance", "staff_report")]
        floor["ordinance"].append(pair[0])
        floor["staff_report"].append(pair[1])
        floor["both"].append(sum(pair))
        cached_times = {name: floors.cached_floor_render(templates[template], run.contexts[name], cached_env)[0]
                        for name, template in floors.CACHED_RENDERS}
        cached["two"].append(cached_times["ordinance"] + cached_times["staff_report"])
        cached["three"].append(sum(cached_times.values()))
        serialised.append(floors.serialisation_floor(floors.package_trees(built.files)))
    wall = time.perf_counter() - start
    medians = {s: statistics.median(v) for s, v in per_stage.items()}
    figures["in_process"] = {
        "jurisdictions": len(items), "stage_median_s": medians, "stage_sum_s": sum(medians.values()),
        "packet_median_s": statistics.median(packet), "packet_plus_validate_median_s": statistics.median(full),
        "packet_total_s": sum(packet), "packets_per_s": len(packet) / sum(packet),
        "floor_median_s": {k: statistics.median(v) for k, v in floor.items()},
        "cached_floor_median_s": {k: statistics.median(v) for k, v in cached.items()},
        "cached_output_identical": same, "serialisation_floor_median_s": statistics.median(serialised),
        "diff_max_s": max(diffs), "wall_s": wall, "outputs_identical": not mismatched,
        "peak_mb": peak_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
    }
    print_packets(figures, mismatched)


def print_packets(figures: Figures, mismatched: list[str]) -> None:
    f = figures["in_process"]
    packet, both = f["packet_median_s"], f["floor_median_s"]["both"]
    print(f"\n== In process: {f['jurisdictions']} synthetic jurisdictions ({figures['clock']} clock; medians; "
          "one warm-up not counted) ==")
    print(f"{'stage':<34}{'median':>12}{'% of packet':>13}{'x floor':>10}")
    for stage, seconds in f["stage_median_s"].items():
        share = f"{seconds / packet * 100:12.1f}%" if stage != "validate" else f"{'(before)':>13}"
        print(f"{stage:<34}{ms(seconds)}{share}{seconds / both:10.2f}")
    build_stages = f["stage_sum_s"] - f["stage_median_s"]["validate"]
    print(f"{'sum of stages after validate':<34}{ms(build_stages)}{build_stages / packet * 100:12.1f}%"
          f"{build_stages / both:10.2f}")
    print(f"{'build_packet (whole)':<34}{ms(packet)}{100:12.1f}%{packet / both:10.2f}")
    print(f"{'validate + build_packet':<34}{ms(f['packet_plus_validate_median_s'])}")
    print(f"{'floor: docxtpl ordinance':<34}{ms(f['floor_median_s']['ordinance'])}")
    print(f"{'floor: docxtpl staff report':<34}{ms(f['floor_median_s']['staff_report'])}")
    print(f"{'floor: both renders':<34}{ms(both)}")
    print(f"packets: {f['packet_total_s']:.2f} s in all for {f['jurisdictions']}, "
          f"{f['packets_per_s']:.2f} packets/s in one process; wall time with stages and floor {f['wall_s']:.1f} s")
    print(f"peak memory of this process: {f['peak_mb']:.0f} MB")
    same = "yes" if not mismatched else "NO: " + ", ".join(mismatched[:5])
    print(f"staged outputs identical to build_packet's: {same}")
    ratio = packet / both
    full_ratio = f["packet_plus_validate_median_s"] / both
    f["ratio_packet_to_floor"], f["ratio_packet_plus_validate_to_floor"] = ratio, full_ratio
    print(f"RATIO full packet / floor of its two renders: {ratio:.2f}x (build_packet {packet * 1000:.1f} ms / "
          f"docxtpl {both * 1000:.1f} ms; target <= {TARGET_RATIO:g}x) {verdict(ratio <= TARGET_RATIO)}")
    print(f"RATIO with validation (YAML text -> packet) / floor: {full_ratio:.2f}x "
          f"{verdict(full_ratio <= TARGET_RATIO)}")
    print("(that floor recompiles the templates on every render, which draftkit does not: the floors below are "
          "the honest ones)")
    floors.print_floors(figures, TARGET_CACHED)


def profile_packet(items: list[tuple[str, str]], model: Model, canonical: Jurisdiction, *, rounds: int = 20) -> None:
    """cProfile of build_packet for one jurisdiction (with amendments if any has them), top 25 by tottime."""
    slug, text = next(((s, t) for s, t in items if "provision:" in t), items[0])
    j = jurisdiction_of(slug, text, model)
    build_packet(j, model, canonical)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        build_packet(j, model, canonical)
    profiler.disable()
    print(f"\n== Profile: build_packet({slug}) x {rounds}, top 25 by tottime ==")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(25)


# --- batch (subprocess) --------------------------------------------------------------------------------


def has_jobs() -> bool:
    found = subprocess.run([sys.executable, "-m", "draftkit", "build", "--help"], capture_output=True, text=True,
                           check=False, cwd=ROOT)
    return "--jobs" in found.stdout


def run_build(folder: Path, out: Path, jobs: int | None) -> dict[str, Any]:
    """Time `draft build FOLDER --out OUT [--jobs N]`; peak memory is the largest of the process and its workers."""
    command = [sys.executable, "-m", "draftkit", "build", str(folder), "--out", str(out)]
    command += ["--jobs", str(jobs)] if jobs else []
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)  # this child's rusage (RUSAGE_CHILDREN, for it alone)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    count = sum(1 for p in folder.iterdir() if p.suffix == ".yaml")
    built = sum(1 for p in out.iterdir() if p.is_dir()) if out.exists() else 0
    return {"jurisdictions": count, "jobs": jobs or "serial", "exit": child.returncode, "built": built,
            "wall_s": wall, "per_jurisdiction_ms": wall / count * 1000, "packets_per_s": count / wall,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "cpu_per_jurisdiction_ms": (usage.ru_utime + usage.ru_stime) / count * 1000, "peak_mb": peak_mb(usage.ru_maxrss),
            "stderr": stderr.strip()[-2000:]}


def print_build(row: dict[str, Any]) -> None:
    print(f"{row['jurisdictions']:>6} jurisdictions, jobs {row['jobs']!s:>6}: {row['wall_s']:7.1f} s wall, "
          f"{row['per_jurisdiction_ms']:6.1f} ms per jurisdiction, {row['packets_per_s']:5.1f} packets/s, "
          f"CPU {row['cpu_s']:6.1f} s ({row['cpu_per_jurisdiction_ms']:5.1f} ms each), peak {row['peak_mb']:5.0f} MB per process, exit {row['exit']}, "
          f"{row['built']} folders")
    if row["exit"] != 0:
        print("  draft build failed:\n  " + row["stderr"].replace("\n", "\n  "))


def batch(n: int, jobs: int | None, work: Path, figures: Figures) -> None:
    folder = work / f"j{n}"
    synthetic.write_folder(folder, n)
    print(f"\n== Batch: draft build over {n} files ==")
    row = run_build(folder, work / f"out{n}", jobs)
    print_build(row)
    figures["batch"] = row


def scales(sizes: tuple[int, ...], jobs: int | None, work: Path, figures: Figures) -> None:
    """250, 500 and 1,000 jurisdictions with 2 processes: the time per jurisdiction should stay flat."""
    print(f"\n== Worst case: scale, {'2 processes' if jobs else 'serial (no --jobs)'} ==")
    rows = []
    for n in sizes:
        folder = work / f"scale{n}"
        synthetic.write_folder(folder, n)
        rows.append(run_build(folder, work / f"scale_out{n}", jobs))
        print_build(rows[-1])
        shutil.rmtree(work / f"scale_out{n}", ignore_errors=True)
    growth = rows[-1]["per_jurisdiction_ms"] / rows[0]["per_jurisdiction_ms"]
    cpu_growth = rows[-1]["cpu_per_jurisdiction_ms"] / rows[0]["cpu_per_jurisdiction_ms"]
    big = rows[-1]
    print(f"RATIO per-jurisdiction time {sizes[-1]} / {sizes[0]}: wall {growth:.2f}x, CPU {cpu_growth:.2f}x "
          f"(1.00 = linear) {verdict(max(growth, cpu_growth) <= 1.25)}")
    print(f"{sizes[-1]:,} jurisdictions: {big['wall_s']:.1f} s (target <= {TARGET_BATCH_SECONDS:g} s) "
          f"{verdict(big['wall_s'] <= TARGET_BATCH_SECONDS)}; peak {big['peak_mb']:.0f} MB per process "
          f"(target <= {TARGET_BATCH_MB:g} MB) {verdict(big['peak_mb'] <= TARGET_BATCH_MB)}")
    figures["scale"] = {"rows": rows, "growth": growth, "cpu_growth": cpu_growth}


# --- worst cases and redlines --------------------------------------------------------------------------


def many_amendments(model: Model, canonical: Jurisdiction, figures: Figures) -> None:
    data = synthetic.jurisdiction_data(7, amendments=200)
    run = stages.staged_packet(Path("amended_200.yaml"), synthetic.to_yaml(data), model, canonical)
    build_packet(run.jurisdiction, model, canonical)
    start = stages.timer()
    build_packet(run.jurisdiction, model, canonical)
    packet = stages.timer() - start
    words = stages.words_of(run.files["ordinance.docx"])
    print(f"\n== Worst case: 200 local amendments ({words:,}-word ordinance) ==")
    for stage in stages.STAGES:
        print(f"{stage:<34}{ms(run.times[stage])}")
    print(f"{'build_packet (whole)':<34}{ms(packet)}")
    figures["amendments_200"] = {"words": words, "stage_s": run.times, "packet_s": packet}


def pairs(model: Model) -> dict[str, tuple[bytes, bytes, int]]:
    """Baseline and draft DOCX of: the ~1,500-word python-docx pair, a synthetic jurisdiction's real pair
    (its draft against the model as it would read for it) and the 30,000-word repetitive pair."""
    canonical = load_canonical(model)
    j = jurisdiction_of("pair_ordinance", synthetic.to_yaml(synthetic.jurisdiction_data(3, amendments=2)), model)
    ordinance = (render_ordinance(with_identity_of(canonical, j, model), model).docx, render_ordinance(j, model).docx)
    large = tuple(render_ordinance(jurisdiction_of(f"long_{i}", synthetic.to_yaml(d), model), model).docx
                  for i, d in enumerate(synthetic.long_pair()))
    found = {"1.5k": synthetic.docx_pair(), "ordinance": ordinance, "30k": large}
    return {name: (b, d, stages.words_of(d)) for name, (b, d) in found.items()}


def long_pair_stages(pair: tuple[bytes, bytes, int], figures: Figures) -> None:
    runs = [stages.our_redline(pair[0], pair[1], html=True) for _ in range(3)]
    print(f"\n== Worst case: {pair[2]:,}-word repetitive pair (best of 3) ==")
    best = min(runs, key=lambda r: r.total)
    for step, seconds in best.times.items():
        print(f"{step:<34}{ms(seconds)}")
    print(f"{'total':<34}{ms(best.total)}   diff {verdict(best.times['diff'] < TARGET_DIFF)} (< 0.5 s)")
    figures["long_pair"] = {"words": pair[2], "step_s": best.times, "total_s": best.total}


def theirs(baseline: bytes, draft: bytes) -> float:
    from python_redlines import DocxodusEngine
    engine = DocxodusEngine()
    start = time.perf_counter()
    engine.run_redline("bench", baseline, draft, date_time=stages.STAMP)
    return time.perf_counter() - start


def redlines(all_pairs: dict[str, tuple[bytes, bytes, int]], figures: Figures) -> None:
    try:
        import python_redlines  # noqa: F401
        available = True
    except ImportError:
        available = False
    print("\n== Redline anchors (open both DOCX, compare, apply, serialize; median of 5, theirs of 3) ==")
    rows = {}
    for name, (baseline, draft, words) in all_pairs.items():
        ours = statistics.median(stages.our_redline(baseline, draft).total for _ in range(5))
        row = {"words": words, "ours_s": ours}
        line = f"{name:>9} pair ({words:,} words): ours {ms(ours)}"
        if available:
            theirs(baseline, draft)  # the first run unpacks and starts .NET: not counted
            row["theirs_s"] = statistics.median(theirs(baseline, draft) for _ in range(3))
            row["speedup"] = row["theirs_s"] / ours
            line += (f", python-redlines {ms(row['theirs_s'])}; RATIO python-redlines / ours: {row['speedup']:.1f}x "
                     f"(target >= {TARGET_REDLINE_SPEEDUP:g}x) {verdict(row['speedup'] >= TARGET_REDLINE_SPEEDUP)}")
        print(line)
        rows[name] = row
    if not available:
        figures.note("python-redlines is not installed: its ratio is not measured "
                     '(pip install "python-redlines[docxodus]"; needs libicu72)')
    figures["redlines"] = rows


def max_diff(figures: Figures, all_pairs: dict[str, tuple[bytes, bytes, int]] | None) -> None:
    """The slowest compare() of every input this run saw, against the 0.5 s bound."""
    seen = [figures["in_process"]["diff_max_s"]]
    if "amendments_200" in figures:
        seen.append(figures["amendments_200"]["stage_s"]["diff"])
    for baseline, draft, _ in (all_pairs or {}).values():
        seen.append(stages.our_redline(baseline, draft).times["diff"])
    worst = max(seen)
    figures["diff_max_s"] = worst
    print(f"max diff time over every input of this run: {worst * 1000:.1f} ms (target < 500 ms) "
          f"{verdict(worst < TARGET_DIFF)}")


def sizes(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(","))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200, help="synthetic jurisdictions (default: 200)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes for the batch (default: cores)")
    parser.add_argument("--seed", type=int, default=synthetic.SEED)
    parser.add_argument("--worst-cases", action="store_true", help="1,000 jurisdictions, 200 amendments, 30k words")
    parser.add_argument("--redlines", action="store_true", help="the 1.5k/30k-word pairs, with python-redlines")
    parser.add_argument("--scales", type=sizes, default=None, metavar="A,B,C",
                        help="draft build at these sizes with 2 processes (default with --worst-cases: 250,500,1000)")
    parser.add_argument("--compare-scales", type=sizes, default=None, metavar="A,B,C",
                        help="draft build then draft compare at these sizes with 2 processes, e.g. 1000,5000,22600 "
                             "(the U.S. cities and counties), and the comparison page in Chromium at 5,000")
    parser.add_argument("--profile", action="store_true", help="cProfile one packet, top 25 by tottime")
    parser.add_argument("--clock", choices=tuple(stages.CLOCKS), default="wall",
                        help="in-process timing: wall (default) or cpu (process time, not skewed by other load)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="save the figures as JSON")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    stages.use_clock(args.clock)
    head = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True,
                          check=False).stdout.strip()
    figures = Figures(code=head or "unknown", clock=args.clock, n=args.n, seed=args.seed, cores=os.cpu_count(), python=sys.version.split()[0],
                      load_before=os.getloadavg())
    print(f"code {head or 'unknown'}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (other work on the machine skews times; "
          "the ratios are measured side by side)")
    model = load_model()
    canonical = load_canonical(model)
    items = synthetic.generate(args.n, seed=args.seed)
    for slug, text in items:
        jurisdiction_of(slug, text, model)  # raises if the generator ever makes an invalid file
    figures["valid"] = len(items)
    print(f"generated {len(items)} synthetic jurisdictions (seed {args.seed}); all valid")
    measure_packets(items, model, canonical, figures)
    if args.profile:
        profile_packet(items, model, canonical)
    jobs = args.jobs if has_jobs() else None
    if jobs is None:
        figures.note("`draft build --help` shows no --jobs: timing the serial build")
    with tempfile.TemporaryDirectory(prefix="draftkit-bench-") as tmp:
        work = Path(tmp)
        batch(args.n, jobs, work, figures)
        all_pairs = pairs(model) if args.worst_cases or args.redlines else None
        if args.worst_cases:
            many_amendments(model, canonical, figures)
            long_pair_stages(all_pairs["30k"], figures)
        if args.worst_cases or args.scales:
            scales(args.scales or SCALES, 2 if jobs else None, work, figures)
        if args.compare_scales:
            scale.compare_scales(args.compare_scales, 2, work, figures)
    scale.startup(figures)
    if args.redlines:
        redlines(all_pairs, figures)
        scale.redline_processes(all_pairs["1.5k"], figures)
    print()
    max_diff(figures, all_pairs)
    figures["load_after"] = os.getloadavg()
    print(f"load average at the end: {figures['load_after'][0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
