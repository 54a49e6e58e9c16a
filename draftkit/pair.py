"""One document redlined against another (`draft redline --input FILE --base FILE`), and the parts of every
redline that need no model: reading an input document, the reader's notes, the three redline outputs.

A pair is compared file against file, so this module loads only what that takes: the OOXML layer, the
sections reader, the diff, the redline writers and the change list. Python-docx, the template engine, YAML,
the schema validator and the model check are not imported (a PDF, web page or text input still brings in
its own reader, and the Word writer its text is put in, when one is given).

What the model gives a pair's outputs, and so what is read of it:
- changes.json names the model (`model`, `model_version`): read from model.yaml's top-level `name:` and
  `version:` lines when they are plain single-line text (ModelNames; anything else, and a folder without
  model.yaml, is read by the full model loader, which says what is wrong);
- a changed section with no heading of its own whose key is one of the model's provisions (a folded
  provision of a draft made from the model) is titled with the provision's label: only then is the whole
  model loaded;
- the tracked changes' author is "draftkit" and their date today: a pair has no jurisdiction to give them.
The default model, which comes with draftkit, is therefore not checked for a pair. A model named with
`--model` is checked as for every other command, so a broken one is still an error, as it always was.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .changelist import to_json
from .diff import compare
from .docx_text import read_sections
from .errors import UnreadableDocument
from .files import Unreadable, read_limited, readable
from .filters import longdate
from .ooxml.inventory import INCOMPLETE, describe, not_compared
from .ooxml.package import LoadedDocx, open_docx
from .ooxml.settings import track_changes
from .ooxml.zipped import deterministic_zip
from .readers import text_kind
from .redline_docx import apply_redline
from .redline_html import redline_html

if TYPE_CHECKING:
    from .changes import Comparison
    from .document import DocumentText
    from .model import Model, Provision

INPUT_LIMIT = 64 * 1024 * 1024
AUTHOR = "draftkit"  # the tracked changes' author when no jurisdiction file names one


class ModelNames:
    """What a pair's change list takes from a model: its name, its version and, for a section without a
    heading of its own, a provision's label (the whole model is loaded only for that). Duck-types `Model`
    for `changelist.to_json`."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._model: Model | None = None
        found = _top_level_names(self.folder / "model.yaml")
        if found is None:  # not plain lines (or no model.yaml): the loader reads it, or says what is wrong
            model = self._loaded()
            found = model.name, model.version
        self.name, self.version = found

    def provision(self, key: str) -> Provision | None:
        return self._loaded().provision(key)

    def _loaded(self) -> Model:
        if self._model is None:
            from .model import load_model

            self._model = load_model(self.folder)
        return self._model


# A top-level `name:` or `version:` line: a double-quoted text without escapes, a single-quoted one, or a
# plain one (for `name` only: a plain version may be a number or a date to YAML); an optional comment.
_NAME_LINE = re.compile(r"""^(?P<key>name|version)[ \t]*:[ \t]+(?:"(?P<double>[^"\\\n]*)"|'(?P<single>(?:[^'\n]|'')*)'"""
                        r"""|(?P<plain>[^\s"'#&*!|>%@`{}\[\],?:-][^\n]*?))(?:[ \t]+#[^\n]*)?[ \t]*$""", re.MULTILINE)
_KEY_LINE = re.compile(r"^(?:name|version)\b", re.MULTILINE)
# What YAML reads as something other than text, or what a line scan cannot follow (a second document, a
# directive, a merge key, an explicit key, a top-level flow collection).
_NOT_TEXT = re.compile(r"^(?:~|null|true|false|yes|no|on|off|y|n|[-+.\d][\d_:.eE+-]*|\.inf|\.nan)$", re.IGNORECASE)
_UNFOLLOWED = re.compile(r"""^(?:---|\.\.\.|%|<<|\?|\{|\[|"|')""", re.MULTILINE)


def _top_level_names(path: Path) -> tuple[str, str] | None:
    """model.yaml's name and version when each is given once, on a line of its own, as plain text; else
    None (then the YAML loader reads the file)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if _UNFOLLOWED.search(text):
        return None
    found: dict[str, str] = {}
    matches = list(_NAME_LINE.finditer(text))
    if len(matches) != 2 or len(_KEY_LINE.findall(text)) != 2:
        return None
    for match in matches:
        key = match["key"]
        if match["double"] is not None:
            value = match["double"]
        elif match["single"] is not None:
            value = match["single"].replace("''", "'")
        elif match["plain"] is not None and key == "name" and ": " not in match["plain"] \
                and not match["plain"].endswith(":") and not _NOT_TEXT.match(match["plain"]):
            value = match["plain"]
        else:
            return None
        if key in found:
            return None
        found[key] = value
    if set(found) != {"name", "version"} or not found["name"].strip():
        return None
    return found["name"], found["version"]


def read_input(path: Path, limit: int = INPUT_LIMIT) -> bytes:
    """Read an input document, refusing what is missing, not a regular file or too large to be an ordinance."""
    try:
        data = read_limited(path, limit)  # a FIFO or a device would block or never end: refused
    except Unreadable as exc:
        raise UnreadableDocument(path, exc.reason) from None
    if len(data) > limit:
        raise UnreadableDocument(path, f"it is larger than {limit:,} bytes, the limit for a document")
    return data


def read_document(path: Path) -> tuple[LoadedDocx, DocumentText | None]:
    """An input document as a Word package: a DOCX as it is; a PDF, web page or text file read into sections
    and written as a simple DOCX (then its text, whose paragraph indexes are the package's, comes too)."""
    data = read_input(path)
    if text_kind(path) is None:
        return open_docx(data, name=str(path)), None
    from .readers import read_text_document
    from .readers.as_docx import text_docx

    text = read_text_document(path, data)
    loaded = open_docx(text_docx(text, title=readable(path.name)), name=str(path))
    loaded.notes.extend(text.notes)
    return loaded, text


def safe_slug(text: str) -> str:
    """A folder name that cannot leave the output folder: letters, digits, '-' and '_' only."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_.")[:64]
    return slug or "document"


def reader_notes(draft_doc: LoadedDocx, unseen: dict[str, int] | None = None) -> tuple[tuple[str, ...], dict[str, int]]:
    """What the redline page tells the reader about the draft's reading, and the counts of what it holds
    that is not compared (for changes.json; counted here unless given)."""
    if unseen is None:
        unseen = not_compared(draft_doc.root, draft_doc.parts, draft_doc.main)
    notes = tuple(draft_doc.notes)
    if unseen:
        notes += ((f"not compared (kept in redline.docx as they are): {describe(unseen)}; field results and "
                   "the text of tables, footnotes and endnotes are compared"),)
    unread = [name for name in INCOMPLETE if name in unseen]
    if unread:
        notes += ((f"the share of the model retained covers only the text that could be read: this file also "
                   f"holds {', '.join(unread)} whose text was not compared"),)
    return notes, unseen


def today_revision() -> tuple[str, str, str]:
    """Author, W3C date-time and readable date of tracked changes no jurisdiction dates: draftkit, today."""
    day = date.today()
    return AUTHOR, f"{day.isoformat()}T00:00:00Z", longdate(day)


def redline_files(draft_doc: LoadedDocx, base_doc: LoadedDocx, model: Model | ModelNames, *,
                  revision: tuple[str, str, str], against: str, title: str, subtitle: str,
                  draft_text: DocumentText | None = None, base_text: DocumentText | None = None,
                  inputs: dict[str, str] | None = None) -> tuple[Comparison, dict[str, bytes]]:
    """Compare a draft with a baseline: the comparison, and changes.json, redline.docx and redline.html.

    `draft_doc` is changed in place (it becomes the redline); `revision` is the tracked changes' author,
    W3C date-time and readable date. Texts already read may be passed in; `inputs` (the SHA-256 of the files
    it comes from, see `reuse`) are recorded in changes.json."""
    base_text = base_text or read_sections(base_doc)
    draft_text = draft_text or read_sections(draft_doc)
    comparison = compare(base_text, draft_text)
    author, stamp, day = revision
    unseen = not_compared(draft_doc.root, draft_doc.parts, draft_doc.main)  # before the redline adds to it
    marked = apply_redline(draft_doc, base_doc, comparison, author=author, date=stamp, draft_text=draft_text,
                           base_text=base_text)
    notes, _ = reader_notes(draft_doc, unseen)
    properties = {"dc:title": f"Redline: {title}", "dc:creator": author,
                  "dcterms:created": stamp, "dcterms:modified": stamp}
    return comparison, {
        "changes.json": to_json(comparison, model, jurisdiction=title, against=against, notes=tuple(draft_doc.notes),
                                not_compared=unseen, inputs=inputs).encode(),
        "redline.docx": deterministic_zip(track_changes(marked.current_parts()), properties=properties),
        "redline.html": redline_html(comparison, title=f"Redline: {title}", subtitle=subtitle, author=author,
                                     date_text=day, notes=notes).encode("utf-8"),
    }


def pair_redline(path: Path, base: Path, model: Model | ModelNames) -> tuple[str, dict[str, bytes]]:
    """Redline one document against another (an edited copy against its original, say); either may be a
    DOCX, a PDF, a web page or a text file. The output folder's name and the files, by name."""
    draft_doc, draft_text = read_document(path)
    base_doc, base_text = read_document(base)
    _, files = redline_files(draft_doc, base_doc, model, revision=today_revision(), against="file",
                             title=readable(path.name), subtitle=f"compared with {readable(base.name)}",
                             draft_text=draft_text, base_text=base_text)
    return safe_slug(path.stem), files
