"""One packet: a jurisdiction (or a Word file) rendered, compared with its baseline and redlined. Finding
and validating input files is `inputfiles`, writing `outputs`, many jurisdictions `batch`."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .assign import Assignment
from .build import Rendered, render_ordinance, render_staff_report
from .changelist import departures
from .changes import Comparison
from .diff import compare
from .document import DocumentText
from .docx_text import read_sections
from .files import readable
from .jurisdiction import Jurisdiction, with_identity_of
from .model import Model, get
from .ooxml.package import LoadedDocx
from .pair import ModelNames, pair_redline, read_document, reader_notes, redline_files, safe_slug
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


def redline(draft_doc: LoadedDocx, base_doc: LoadedDocx, model: Model, *, j: Jurisdiction | None,
            against: str, title: str, subtitle: str, draft_text: DocumentText | None = None,
            base_text: DocumentText | None = None, inputs: dict[str, str] | None = None) -> Redline:
    """Compare a draft with a baseline and write changes.json, redline.docx and redline.html.

    `draft_doc` is changed in place (it becomes the redline). Texts already read may be passed in; `inputs`
    (the SHA-256 of the files it comes from, see `reuse`) are recorded in changes.json. (The outputs are
    written by `pair.redline_files`, which a pair of documents uses without a model.)
    """
    comparison, files = redline_files(draft_doc, base_doc, model, revision=_revision(j, model), against=against,
                                      title=title, subtitle=subtitle, draft_text=draft_text, base_text=base_text,
                                      inputs=inputs)
    return Redline(comparison, files)


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


def docx_pair_redline(path: Path, base: Path, model: Model | ModelNames) -> Packet:
    """Redline one document against another (an edited copy against its original, say); either may be a
    DOCX, a PDF, a web page or a text file. The command line does this through `pair`, without a model."""
    return Packet(*pair_redline(path, base, model))


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
