"""One packet: a jurisdiction (or a Word file) rendered, compared with its baseline and redlined. Finding
and validating input files is `inputfiles`, writing `outputs`, many jurisdictions `batch`."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .assign import Assignment
from .build import Rendered, render_ordinance, render_staff_report
from .changelist import departures, to_json
from .changes import Comparison
from .diff import compare
from .document import DocumentText
from .docx_text import read_sections
from .errors import UnreadableDocument
from .files import Unreadable, read_limited, readable
from .inputfiles import Loaded, jurisdiction_files, load_all, try_load  # noqa: F401 (where callers found them)
from .jurisdiction import Jurisdiction, with_identity_of
from .model import Model, get
from .ooxml.inventory import INCOMPLETE, describe, not_compared
from .ooxml.package import LoadedDocx, open_docx
from .ooxml.settings import track_changes
from .ooxml.zipped import deterministic_zip
from .readers import read_text_document, text_kind
from .readers.as_docx import text_docx
from .redline_docx import apply_redline
from .redline_html import redline_html
from .render import longdate
from .variants import closest_model


@dataclass(frozen=True)
class Packet:
    """The files produced for one jurisdiction, by file name."""

    slug: str
    files: dict[str, bytes]


@dataclass(frozen=True)
class Redline:
    """A draft compared with its baseline: the change list and the three redline outputs."""

    comparison: Comparison
    files: dict[str, bytes]


def _revision(j: Jurisdiction | None, model: Model) -> tuple[str, str, str]:
    """Author, W3C date-time and readable date of the tracked changes, from the YAML."""
    author = get(j.data, model.role("revision", "author")) if j else None
    day = get(j.data, model.role("revision", "date")) if j else None
    if not isinstance(day, date):
        day = date.today()
    return str(author or "draftkit"), f"{day.isoformat()}T00:00:00Z", longdate(day)


def reader_notes(draft_doc: LoadedDocx, unseen: dict[str, int] | None = None) -> tuple[tuple[str, ...], dict[str, int]]:
    """What the redline page tells the reader about the draft's reading, and the counts of what it holds
    that is not compared (for changes.json; counted here unless given)."""
    if unseen is None:
        unseen = not_compared(draft_doc.root, draft_doc.parts, draft_doc.main)
    notes = tuple(draft_doc.notes)
    if unseen:
        notes += (f"not compared (kept in redline.docx as they are): {describe(unseen)}; field results and "
                  "the text of tables, footnotes and endnotes are compared",)
    unread = [name for name in INCOMPLETE if name in unseen]
    if unread:
        notes += (f"the share of the model retained covers only the text that could be read: this file also "
                  f"holds {', '.join(unread)} whose text was not compared",)
    return notes, unseen


def redline(draft_doc: LoadedDocx, base_doc: LoadedDocx, model: Model, *, j: Jurisdiction | None,
            against: str, title: str, subtitle: str, draft_text: DocumentText | None = None,
            base_text: DocumentText | None = None, inputs: dict[str, str] | None = None) -> Redline:
    """Compare a draft with a baseline and write changes.json, redline.docx and redline.html.

    `draft_doc` is changed in place (it becomes the redline). Texts already read may be passed in; `inputs`
    (the SHA-256 of the files it comes from, see `reuse`) are recorded in changes.json.
    """
    base_text = base_text or read_sections(base_doc)
    draft_text = draft_text or read_sections(draft_doc)
    comparison = compare(base_text, draft_text)
    author, stamp, day = _revision(j, model)
    unseen = not_compared(draft_doc.root, draft_doc.parts, draft_doc.main)  # before the redline adds to it
    marked = apply_redline(draft_doc, base_doc, comparison, author=author, date=stamp, draft_text=draft_text,
                           base_text=base_text)
    notes, _ = reader_notes(draft_doc, unseen)
    properties = {"dc:title": f"Redline: {title}", "dc:creator": author,
                  "dcterms:created": stamp, "dcterms:modified": stamp}
    return Redline(comparison, {
        "changes.json": to_json(comparison, model, jurisdiction=title, against=against, notes=tuple(draft_doc.notes),
                                not_compared=unseen, inputs=inputs).encode(),
        "redline.docx": deterministic_zip(track_changes(marked.current_parts()), properties=properties),
        "redline.html": redline_html(comparison, title=f"Redline: {title}", subtitle=subtitle, author=author,
                                     date_text=day, notes=notes).encode("utf-8"),
    })


def build_packet(j: Jurisdiction, model: Model, canonical: Jurisdiction, *, against: str = "identity") -> Packet:
    """Every output for one jurisdiction: ordinance, baseline, redline (three forms), staff report."""
    from .reuse import input_digests

    draft = render_ordinance(j, model)
    base_j = with_identity_of(canonical, j, model) if against == "identity" else canonical
    baseline = render_ordinance(base_j, model)
    name = get(j.data, model.role("display", "full_name"))
    subtitle = (f"compared with the model ordinance as it would read for {name}" if against == "identity"
                else "compared with the model ordinance itself")
    marked = redline(draft.loaded(), baseline.loaded(), model, j=j, against=against,
                     title=f"{model.name}, {name}", subtitle=subtitle, draft_text=draft.text, base_text=baseline.text,
                     inputs=input_digests(j, model))
    report = render_staff_report(j, model, draft.plan, departures(marked.comparison, model))
    return Packet(j.slug, {"ordinance.docx": draft.docx, "staff_report.docx": report,
                           "baseline.docx": baseline.docx, **marked.files})


def read_document(path: Path) -> tuple[LoadedDocx, DocumentText | None]:
    """An input document as a Word package: a DOCX as it is; a PDF, web page or text file read into sections
    and written as a simple DOCX (then its text, whose paragraph indexes are the package's, comes too)."""
    data = read_input(path)
    if text_kind(path) is None:
        return open_docx(data, name=str(path)), None
    text = read_text_document(path, data)
    loaded = open_docx(text_docx(text, title=readable(path.name)), name=str(path))
    loaded.notes.extend(text.notes)
    return loaded, text


@dataclass
class Adopted:
    """An input document read once, for its comparison and its redline both: the Word package (changed in
    place by the redline), the text read from a PDF, page or text file (None for a DOCX), its sections, the
    model as it reads for the kind of jurisdiction the text is closest to, and its paragraphs' provisions."""

    document: LoadedDocx
    text: DocumentText | None
    sections: DocumentText
    baseline: Rendered
    found: Assignment


def read_adopted(path: Path, model: Model, canonical: Jurisdiction) -> Adopted:
    """Read an adopted text and find the model variant and the provisions its paragraphs carry out."""
    loaded, text = read_document(path)
    sections = text or read_sections(loaded)
    baseline = closest_model(sections, canonical, model)
    return Adopted(loaded, text, sections, baseline, assigned(path, baseline.text, sections))


def docx_redline(path: Path, model: Model, canonical: Jurisdiction, *, j: Jurisdiction | None = None,
                 adopted: Adopted | None = None) -> Packet:
    """Redline any DOCX, PDF, web page or text file (e.g. a city's adopted text) against the model, or the
    model for `j`; `adopted`, the same file already read by docx_comparison, is not read again."""
    if j:
        draft_doc, draft_text = read_document(path)
        baseline = render_ordinance(with_identity_of(canonical, j, model), model)
        found = assigned(path, baseline.text, draft_text) if draft_text is not None else None
    else:  # the model as it reads for the kind of jurisdiction the text is closest to
        adopted = adopted or read_adopted(path, model, canonical)
        draft_doc, draft_text, baseline, found = adopted.document, adopted.text, adopted.baseline, adopted.found
    name = get(j.data, model.role("display", "full_name")) if j else readable(path.name)
    subtitle = (f"compared with the model ordinance as it would read for {name}" if j
                else "compared with the model ordinance itself")
    if draft_text is not None:  # a text read from a PDF, page or text file: sections set beside their provisions
        from .assign import keyed

        draft_text = keyed(baseline.text, draft_text, found)
        pairs = [f"{s.number or s.title} → {s.key}" for s in draft_text.sections if s.key and s.heading]
        if pairs:
            draft_doc.notes.append("sections set beside the provision most of their words carry out: "
                                   + "; ".join(pairs) + " (`draft compare` shows every provision, merged ones too)")
    marked = redline(draft_doc, baseline.loaded(), model, j=j,
                     against="identity" if j else "canonical", title=f"{model.name}, {name}", subtitle=subtitle,
                     base_text=baseline.text, draft_text=draft_text)
    slug = j.slug if j else safe_slug(path.stem)
    return Packet(slug, {"baseline.docx": baseline.docx, **marked.files})


def docx_pair_redline(path: Path, base: Path, model: Model) -> Packet:
    """Redline one document against another (an edited copy against its original, say); either may be a
    DOCX, a PDF, a web page or a text file."""
    draft_doc, draft_text = read_document(path)
    base_doc, base_text = read_document(base)
    marked = redline(draft_doc, base_doc, model, j=None, against="file", title=readable(path.name),
                     subtitle=f"compared with {readable(base.name)}", draft_text=draft_text, base_text=base_text)
    return Packet(safe_slug(path.stem), marked.files)


@dataclass(frozen=True)
class Reading:
    """An adopted text compared with the model provision by provision: its paragraphs assigned to the
    provisions they carry out, and the change list of those provisions (regrouped in model order)."""

    name: str
    comparison: Comparison
    notes: tuple[str, ...]
    assignment: Assignment
    words: dict[int, int]   # paragraph index -> its words, to weigh confidences
    anchors: dict[str, str]  # provision -> the key of the redline section that carries it (texts only)


def assigned(path: Path, base: DocumentText, adopted: DocumentText) -> Assignment:
    """An adopted text's paragraphs assigned to the provisions they carry out; a mapping file beside the
    input (see `mapping`) fixes or confirms assignments."""
    from .assign import assign
    from .mapping import mapping_for

    return assign(base, adopted, fixed=mapping_for(path, adopted, base))


def docx_comparison(path: Path, model: Model, canonical: Jurisdiction, *,
                    adopted: Adopted | None = None) -> Reading:
    """A document (DOCX, PDF, web page or text) compared with the canonical model, provision by provision.

    `anchors` name, for a text read from a PDF, page or text file, the section of its redline (as
    docx_redline keys it) where each provision's first paragraph stands. Pass `adopted` (read_adopted) to
    redline the same reading afterwards without reading the file again."""
    from .assign import keyed, regroup

    adopted = adopted or read_adopted(path, model, canonical)
    notes, _ = reader_notes(adopted.document)
    base, found, text = adopted.baseline.text, adopted.found, adopted.text
    words = {p.index: len(p.text.split()) for p in adopted.sections.paragraphs}
    anchors: dict[str, str] = {}
    if text is not None:
        for section in keyed(base, text, found).sections:
            for p in section.body:
                key = next((a.key for a in found.paragraphs if a.paragraph == p.index), None)
                if key and section.key:
                    anchors.setdefault(key, section.key)
    return Reading(readable(path.stem), compare(base, regroup(base, adopted.sections, found), fill_in=True),
                   tuple(notes), found, words, anchors)


def read_input(path: Path, limit: int = 64 * 1024 * 1024) -> bytes:
    """Read an input document, refusing what is missing, not a regular file or too large to be an ordinance."""
    try:
        data = read_limited(path, limit)  # a FIFO or a device would block or never end: refused
    except Unreadable as exc:
        raise UnreadableDocument(path, exc.reason) from None
    if len(data) > limit:
        raise UnreadableDocument(path, f"it is larger than {limit:,} bytes, the limit for a document")
    return data


def safe_slug(text: str) -> str:
    """A folder name that cannot leave the output folder: letters, digits, '-' and '_' only."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_.")[:64]
    return slug or "document"


