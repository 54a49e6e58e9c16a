"""Read, accept, reject, export or edit a DOCX the way LibreOffice does, through UNO.

Run with Debian's interpreter (`import uno` works nowhere else):

    /usr/bin/python3 tests/support/lo_uno.py version
    /usr/bin/python3 tests/support/lo_uno.py read IN.docx
    /usr/bin/python3 tests/support/lo_uno.py accept IN.docx
    /usr/bin/python3 tests/support/lo_uno.py reject IN.docx
    /usr/bin/python3 tests/support/lo_uno.py roundtrip IN.docx
    /usr/bin/python3 tests/support/lo_uno.py roundtrip-batch IN1.docx IN2.docx ...
    /usr/bin/python3 tests/support/lo_uno.py read-batch IN1.docx IN2.docx ...
    /usr/bin/python3 tests/support/lo_uno.py create SPEC.json
    /usr/bin/python3 tests/support/lo_uno.py pdf IN.docx OUT.pdf
    /usr/bin/python3 tests/support/lo_uno.py edit IN.docx OUT.docx EDITS.json

Each call starts its own soffice with a private profile and pipe, loads a private copy of the input
(hidden), and prints one JSON object on stdout. Paragraphs are the strings LibreOffice's text model holds:
tracked deletions are still in the model, so `read` shows inserted and deleted text together. Table cells
are read in getCellNames() order (row by row), their paragraphs flattened into the same list, nested tables
included. EDITS.json is a list of {"op": "replace", "find": ..., "with": ...} (first occurrence only),
{"op": "delete_paragraph", "contains": ...} (first paragraph containing the text) and
{"op": "record_changes", "on": true|false} (switch change tracking for the edits that follow), plus the
structural ops of lo_uno_docs.py (insert_paragraph_before, set_cell, insert_row, delete_row).
`read` also gives "labeled", "tables", "footnotes" and "endnotes" (see lo_uno_docs.py); `roundtrip` gives
them per view under "details" ({"as_is": {...}, "accepted": {...}, "rejected": {...}}).
`roundtrip-batch` gives {"results": [{"file", "as_is", "accepted", "rejected", ...}, ...]} from one soffice;
`read-batch` {"results": [{"file", "paragraphs", "labeled", "tables", ...}, ...]}.
`create` builds a new document from SPEC.json, {"content": [...], "outputs": [{"path": OUT.docx, "edits":
[...]}, ...]} (content as lo_uno_docs.build takes it), and saves it as DOCX once per output, after that
output's edits (edits accumulate from one output to the next).
Comments: a LibreOffice without its .ui files (Debian's -nogui packages) crashes while loading a document
with a comment, so there the w:commentReference marks are taken out of the private copy first; the answer's
"comment_references_stripped" counts them (the text is unchanged; comments cannot be checked here).
On failure: a message on stderr (with the tail of soffice's log) and exit status 1; 124 on timeout (60 s,
plus 5 s per extra file of a batch; LO_UNO_TIMEOUT overrides the 60).
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path

import lo_uno_docs  # beside this script (sys.path[0]); needs uno too
import uno  # type: ignore[import-not-found]  # only under /usr/bin/python3
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

CONNECT_SECONDS = 20.0
TIMEOUT_SECONDS = float(os.environ.get("LO_UNO_TIMEOUT", "60"))
DOCX_FILTER = "MS Word 2007 XML"


def _props(**values) -> tuple:
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


class Office:
    """One private soffice process and the UNO objects needed to drive it."""

    def __init__(self) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="lo_uno_"))
        self.pipe = f"draftkit_{os.getpid()}_{uuid.uuid4().hex}"
        self.proc: subprocess.Popen | None = None
        self.ctx = self.smgr = self.desktop = None
        self._copies = 0
        self.comments_stripped = 0  # comment reference marks taken out of private copies (see below)

    def start(self) -> None:
        profile = uno.systemPathToFileUrl(str(self.work / "profile"))
        cmd = ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
               f"-env:UserInstallation={profile}", f"--accept=pipe,name={self.pipe};urp;"]
        with open(self.work / "soffice.log", "wb") as log:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + CONNECT_SECONDS
        while True:
            try:
                self.ctx = resolver.resolve(url)
                break
            except NoConnectException:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"soffice exited with status {self.proc.returncode} before accepting")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no UNO connection to soffice within {CONNECT_SECONDS:.0f} s")
                time.sleep(0.1)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)

    def version(self) -> str:
        provider = self.smgr.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", self.ctx)
        access = provider.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationAccess", _props(nodepath="/org.openoffice.Setup/Product"))
        name = access.getByName("ooName")
        about = access.getByName("ooSetupVersionAboutBox")
        suffix = access.getByName("ooSetupVersionAboutBoxSuffix") if access.hasByName(
            "ooSetupVersionAboutBoxSuffix") else ""
        return f"{name} {about}{suffix}".strip()

    def load(self, source: Path):
        """Load a fresh private copy of `source` (never the file itself: no lock file beside it)."""
        self._copies += 1
        copy = self.work / f"copy{self._copies}{source.suffix}"
        shutil.copyfile(source, copy)
        if copy.suffix.lower() == ".docx" and not comment_windows_supported():
            self.comments_stripped += _strip_comment_references(copy)
        doc = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(copy)), "_blank", 0,
                                                _props(Hidden=True, ReadOnly=False))
        if doc is None:
            raise RuntimeError(f"LibreOffice could not load {source}")
        return doc

    def dispatch(self, doc, command: str) -> None:
        helper = self.smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", self.ctx)
        helper.executeDispatch(doc.getCurrentController().getFrame(), command, "", 0, ())

    def stop(self) -> None:
        try:
            if self.desktop is not None:
                for component in list(_iterate(self.desktop.getComponents())):
                    try:
                        component.close(True)
                    except Exception:
                        pass
                self.desktop.terminate()
        except Exception:
            pass  # the bridge goes away while terminate() returns
        _kill(self.proc)
        shutil.rmtree(self.work, ignore_errors=True)

    def log_tail(self) -> str:
        try:
            return (self.work / "soffice.log").read_text(errors="replace")[-2000:]
        except OSError:
            return ""


COMMENT_REFERENCE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?commentReference\b[^>]*/>")


@functools.cache
def comment_windows_supported() -> bool:
    """Whether this LibreOffice can show comments: the -nogui packages ship no .ui files, and loading a
    document with a comment then crashes soffice while it builds the comment's margin window."""
    program = Path(os.path.realpath(shutil.which("soffice") or "/usr/lib/libreoffice/program/soffice")).parent
    return (program.parent / "share/config/soffice.cfg/modules/swriter/ui/annotation.ui").is_file()


def _strip_comment_references(docx: Path) -> int:
    """Take the w:commentReference marks out of every XML part of a private copy (comment ranges and
    comments.xml stay; without a reference mark LibreOffice makes no comment). Returns how many."""
    removed, parts = 0, []
    with zipfile.ZipFile(docx) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename.endswith(".xml"):
                data, n = COMMENT_REFERENCE.subn(b"", data)
                removed += n
            parts.append((info, data))
    if removed:
        with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in parts:
                archive.writestr(info, data)
    return removed


def _kill(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        proc.wait(timeout=5)
        return
    except subprocess.TimeoutExpired:
        pass
    for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 3)):
        try:
            os.killpg(proc.pid, sig)  # soffice is a script -> oosplash -> soffice.bin: kill the group
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _iterate(enum_access):
    enum = enum_access.createEnumeration()
    while enum.hasMoreElements():
        yield enum.nextElement()


def _paragraph_texts(text) -> list[str]:
    """Paragraph strings of a text (body or table cell), with table cells read in order."""
    out: list[str] = []
    for element in _iterate(text):
        if element.supportsService("com.sun.star.text.Paragraph"):
            out.append(element.getString())
        elif element.supportsService("com.sun.star.text.TextTable"):
            for name in element.getCellNames():
                out.extend(_paragraph_texts(element.getCellByName(name).getText()))
    return out


def _redline_count(doc) -> int:
    return sum(1 for _ in _iterate(doc.getRedlines()))


def _state(doc) -> dict:
    return {"paragraphs": _paragraph_texts(doc.getText()), "redline_count": _redline_count(doc),
            "modified_flag": bool(doc.isModified()), **lo_uno_docs.details(doc)}


def _view(office: Office, source: Path, command: str | None) -> dict:
    doc = office.load(source)
    try:
        if command:
            office.dispatch(doc, command)
        state = _state(doc)
        if command and state["redline_count"]:  # e.g. a read-only load, where Accept All does nothing
            raise RuntimeError(f"{command} left {state['redline_count']} tracked changes in {source.name}")
        return state
    finally:
        doc.close(True)


def _roundtrip(office: Office, source: Path) -> dict:
    """As-is, accepted and rejected paragraphs; each view loads its own fresh copy of `source`."""
    result: dict = {"details": {}}
    for key, uno_command in (("as_is", None), ("accepted", ".uno:AcceptAllTrackedChanges"),
                             ("rejected", ".uno:RejectAllTrackedChanges")):
        view = _view(office, source, uno_command)
        result[key] = view["paragraphs"]
        result[f"{key}_redline_count"] = view["redline_count"]
        result["details"][key] = {k: view[k] for k in ("labeled", "tables", "footnotes", "endnotes")}
    return result


def _page_count(doc) -> int:
    try:
        return int(doc.getCurrentController().getPropertyValue("PageCount"))
    except Exception:
        stats = doc.getDocumentProperties().DocumentStatistics
        return int(next(s.Value for s in stats if s.Name == "PageCount"))


def _delete_paragraph(doc, needle: str) -> None:
    """Delete the first body paragraph containing `needle`, its paragraph mark included.

    A cursor selection is deleted (so it is tracked when RecordChanges is on): from the paragraph's
    start to the next paragraph's start, or from the previous paragraph's end when a table or the end
    of the document follows. removeTextContent() is the fallback next to tables; LibreOffice 7.4
    silently ignores it while recording changes, so that case is an error then.
    """
    text = doc.getText()
    elements = list(_iterate(text))
    is_para = [e.supportsService("com.sun.star.text.Paragraph") for e in elements]
    index = next((i for i, e in enumerate(elements) if is_para[i] and needle in e.getString()), None)
    if index is None:
        raise RuntimeError(f"delete_paragraph: no paragraph contains {needle!r}")
    para = elements[index]
    if index + 1 < len(elements) and is_para[index + 1]:
        cursor = text.createTextCursorByRange(para.getStart())
        cursor.gotoRange(elements[index + 1].getStart(), True)
    elif index > 0 and is_para[index - 1]:
        cursor = text.createTextCursorByRange(elements[index - 1].getEnd())
        cursor.gotoRange(para.getEnd(), True)
    elif doc.getPropertyValue("RecordChanges"):
        raise RuntimeError(f"delete_paragraph: cannot track deleting {needle!r} between tables / at the end")
    else:
        text.removeTextContent(para)
        return
    cursor.setString("")


def _apply_edits(doc, edits: list) -> list[str]:
    done = []
    for edit in edits:
        op = edit.get("op")
        if op == "replace":
            desc = doc.createReplaceDescriptor()
            desc.setSearchString(edit["find"])
            desc.SearchCaseSensitive = True
            found = doc.findFirst(desc)
            if found is None:
                raise RuntimeError(f"replace: {edit['find']!r} not found")
            found.setString(edit["with"])
        elif op == "delete_paragraph":
            _delete_paragraph(doc, edit["contains"])
        elif op == "record_changes":
            doc.setPropertyValue("RecordChanges", bool(edit.get("on", True)))
        elif not lo_uno_docs.apply(doc, edit):
            raise RuntimeError(f"unknown edit op {op!r}")
        done.append(op)
    return done


def _create(office: Office, spec_path: Path) -> dict:
    """Build a new Writer document from the spec's content; save it once per output after its edits."""
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    doc = office.desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0, _props(Hidden=True))
    if doc is None:
        raise RuntimeError("LibreOffice could not create a Writer document")
    written = []
    try:
        lo_uno_docs.build(doc, spec["content"])
        for output in spec["outputs"]:
            _apply_edits(doc, output.get("edits", []))
            out = Path(output["path"]).resolve()
            doc.storeToURL(uno.systemPathToFileUrl(str(out)), _props(FilterName=DOCX_FILTER, Overwrite=True))
            written.append({"path": str(out), **_state(doc)})
    finally:
        doc.close(True)
    return {"outputs": written}


def run(office: Office, command: str, args: list[str]) -> dict:
    if command == "version":
        return {"command": command, "version": office.version()}
    if command == "create":
        return {"command": command, "version": office.version(), **_create(office, Path(args[0]).resolve())}
    source = Path(args[0]).resolve()
    if not source.is_file():
        raise RuntimeError(f"no such file: {source}")
    result: dict = {"command": command, "version": office.version()}
    if command == "read":
        result.update(_view(office, source, None))
    elif command in ("accept", "reject"):
        uno_command = ".uno:AcceptAllTrackedChanges" if command == "accept" else ".uno:RejectAllTrackedChanges"
        result.update(_view(office, source, uno_command))
    elif command == "roundtrip":
        result.update(_roundtrip(office, source))
    elif command == "roundtrip-batch":
        result["results"] = [dict(file=str(Path(a).resolve()), **_roundtrip(office, Path(a).resolve()))
                             for a in args]
    elif command == "read-batch":
        result["results"] = [dict(file=str(Path(a).resolve()), **_view(office, Path(a).resolve(), None))
                             for a in args]
    elif command == "pdf":
        out = Path(args[1]).resolve()
        doc = office.load(source)
        try:
            result["pages"] = _page_count(doc)
            doc.storeToURL(uno.systemPathToFileUrl(str(out)), _props(FilterName="writer_pdf_Export"))
        finally:
            doc.close(True)
        result["pdf"] = str(out)
    elif command == "edit":
        out = Path(args[1]).resolve()
        edits = json.loads(Path(args[2]).read_text(encoding="utf-8"))
        doc = office.load(source)
        try:
            result["applied"] = _apply_edits(doc, edits)
            result.update(_state(doc))
            doc.storeToURL(uno.systemPathToFileUrl(str(out)), _props(FilterName=DOCX_FILTER, Overwrite=True))
        finally:
            doc.close(True)
        result["out"] = str(out)
    else:
        raise RuntimeError(f"unknown command {command!r}")
    return result


USAGE = {"version": 0, "read": 1, "accept": 1, "reject": 1, "roundtrip": 1, "roundtrip-batch": None,
         "read-batch": None, "pdf": 2, "edit": 3, "create": 1}
BATCHES = ("roundtrip-batch", "read-batch")
SECONDS_PER_BATCH_FILE = 5.0


def main(argv: list[str]) -> int:
    wanted = USAGE.get(argv[0], -1) if argv else -1
    if wanted == -1 or (wanted is None and len(argv) < 2) or (wanted is not None and len(argv) - 1 != wanted):
        print(__doc__, file=sys.stderr)
        return 2
    office = Office()
    timeout = TIMEOUT_SECONDS + (SECONDS_PER_BATCH_FILE * (len(argv) - 2) if argv[0] in BATCHES else 0)

    timed_out = threading.Event()

    def _timeout() -> None:  # runs in a thread: the main thread may be stuck inside a UNO call
        timed_out.set()
        if office.proc is not None and office.proc.poll() is None:
            os.killpg(office.proc.pid, signal.SIGKILL)  # the pending UNO call then fails in the main thread
        time.sleep(5)  # still here: the main thread did not come back; leave anyway
        print(f"lo_uno {argv[0]}: timed out after {timeout:g} s", file=sys.stderr)
        shutil.rmtree(office.work, ignore_errors=True)
        sys.stderr.flush()
        os._exit(124)

    watchdog = threading.Timer(timeout, _timeout)
    watchdog.daemon = True
    watchdog.start()
    started = time.monotonic()
    try:
        office.start()
        result = run(office, argv[0], argv[1:])
        result["seconds"] = round(time.monotonic() - started, 3)
        result["comment_references_stripped"] = office.comments_stripped
    except Exception as exc:  # report, never a traceback on stdout
        if timed_out.is_set():
            print(f"lo_uno {argv[0]}: timed out after {timeout:g} s\n{office.log_tail()}", file=sys.stderr)
            return 124
        print(f"lo_uno {argv[0]}: {type(exc).__name__}: {exc}\n--- soffice log ---\n{office.log_tail()}",
              file=sys.stderr)
        return 1
    finally:
        office.stop()  # still under the watchdog: terminate() could hang too
        watchdog.cancel()
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
