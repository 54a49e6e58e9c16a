"""Validate DOCX files with Microsoft's Open XML SDK, hosted in this Python through pythonnet.

Run by openxml_sdk.py as a subprocess (CoreCLR, once loaded, stays for the life of a process; a crash of
the runtime then ends this process, not pytest):

    python tests/support/openxml_sdk_run.py RUNTIME_DIR FILE.docx [FILE.docx ...]

RUNTIME_DIR is the folder openxml_sdk.prepare() laid out (the unpacked .NET runtime, a `dotnet_root`
beside it and a runtime config; its READY file names them). Prints one JSON object on stdout:
{"sdk": ..., "format": ..., "runtime": ..., "seconds": ..., "results": [{"file": ..., "errors": [...]}]}.
Each error is "PART XPATH: DESCRIPTION [ID]"; a file the SDK cannot open as a Word document gives one
error saying why. Exit status 1 with a message on stderr when the runtime cannot be started.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ASSEMBLIES = ("System.IO.Packaging.dll", "DocumentFormat.OpenXml.Framework.dll", "DocumentFormat.OpenXml.dll")


def start(runtime_dir: Path):
    """Load CoreCLR and the SDK; return (validator, WordprocessingDocument, facts about the versions)."""
    ready = json.loads((runtime_dir / "READY").read_text(encoding="utf-8"))
    app = runtime_dir / ready["app"]
    from clr_loader import get_coreclr
    from pythonnet import set_runtime

    set_runtime(get_coreclr(runtime_config=str(runtime_dir / ready["runtime_config"]),
                            dotnet_root=str(runtime_dir / ready["dotnet_root"])))
    import clr  # noqa: F401  (starts the runtime chosen above)
    from System import Enum
    from System.Diagnostics import FileVersionInfo
    from System.Reflection import Assembly

    for name in ASSEMBLIES:  # dependencies first: the default load context does not probe `app`
        Assembly.LoadFrom(str(app / name))
    from DocumentFormat.OpenXml import FileFormatVersions
    from DocumentFormat.OpenXml.Packaging import WordprocessingDocument
    from DocumentFormat.OpenXml.Validation import OpenXmlValidator

    names = list(Enum.GetNames(FileFormatVersions))
    newest = "Microsoft365" if "Microsoft365" in names else max(
        names, key=lambda n: int(Enum.Parse(FileFormatVersions, n)))
    product = FileVersionInfo.GetVersionInfo(str(app / "DocumentFormat.OpenXml.dll")).ProductVersion
    facts = {"sdk": product.split("+")[0], "format": newest, "runtime": ready["runtime_version"]}
    return OpenXmlValidator(getattr(FileFormatVersions, newest)), WordprocessingDocument, facts


def describe(error) -> str:
    """One validation error as text: the part, the XPath of the node, the SDK's description and its id."""
    part = str(error.Part.Uri) if error.Part is not None else "(package)"
    where = f" {error.Path.XPath}" if error.Path is not None and error.Path.XPath else ""
    return f"{part}{where}: {error.Description} [{error.Id}]"


def check(path: str, validator, document_class) -> list[str]:
    try:
        document = document_class.Open(path, False)
    except Exception as exc:  # noqa: BLE001  (.NET exceptions: OpenXmlPackageException, FileFormatException...)
        message = getattr(exc, "Message", None) or str(exc)
        return [f"(package): the SDK cannot open it as a Word document: {type(exc).__name__}: {message}"]
    try:
        return [describe(e) for e in validator.Validate(document)]  # before Dispose: parts need the package
    finally:
        document.Dispose()


def main(argv: list[str]) -> int:
    if len(argv) < 1:
        print(__doc__, file=sys.stderr)
        return 2
    began = time.perf_counter()
    try:
        validator, document_class, facts = start(Path(argv[0]))
    except Exception as exc:  # noqa: BLE001
        print(f"cannot start the Open XML SDK: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    results = [{"file": f, "errors": check(f, validator, document_class)} for f in argv[1:]]
    print(json.dumps(dict(facts, seconds=round(time.perf_counter() - began, 3), results=results)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
