"""An independent reader of a DOCX's main document part that applies the OOXML revision rules itself.

Used by tests as a second opinion beside LibreOffice. It knows nothing of draftkit or python-docx: only
zipfile, lxml and ECMA-376 Part 1, 17.13.5 (revisions). Three views of the body's paragraphs:

    as_is     every piece of text, inserted and deleted alike, one string per w:p
    accepted  w:del / w:moveFrom content dropped, w:ins / w:moveTo kept; a paragraph whose mark is deleted
              (w:pPr/w:rPr/w:del or moveFrom) merges with the next paragraph; table rows marked deleted
              (w:trPr/w:del) are dropped
    rejected  w:ins / w:moveTo content dropped, w:del / w:moveFrom restored; a paragraph whose mark is
              inserted (w:pPr/w:rPr/w:ins or moveTo) merges with the next; rows marked inserted are dropped

Paragraphs of body-level w:sdt / w:customXml blocks and of tables (cell by cell, row by row, nested
tables included) are read in document order. A merge never crosses a table cell or a table: a pending
paragraph is emitted at such a boundary. Paragraphs inside text boxes and drawings are not read.

With labels=True each numbered paragraph starts with its automatic list label and a space ("(b) Text"),
counted over the paragraphs of that view (see ooxml_numbering.py); the rejected view takes a paragraph's
numbering from its w:pPrChange when it has one. A merged paragraph is labelled by the paragraph whose
mark survives (the last of the merge).

With marks=True what has no text shows where it sits, as ⟦...⟧: ⟦footnote⟧ / ⟦endnote⟧ / ⟦comment⟧ for
reference marks, ⟦object⟧ for a w:drawing, w:pict, w:object or mc:AlternateContent, ⟦sym FONT CHAR⟧,
⟦page break⟧ / ⟦column break⟧ (instead of "\n"), ⟦link⟧...⟦/link⟧ around a w:hyperlink's text (dropped when
a view leaves the link empty), ⟦sdt⟧...⟦/sdt⟧ around a run-level content control, ⟦bookmark NAME⟧...
⟦/bookmark NAME⟧ (names starting with "_" left out), ⟦comment range⟧...⟦/comment range⟧ and ⟦field KEYWORD⟧
RESULT⟦/field⟧ for a w:fldSimple or a complex field (at its separate and end; the code itself is never
text). Marks follow the revision rules like text (a mark inside w:del is gone from the accepted view).
Block-level bookmarks (between paragraphs) are not marked.

Beyond the body paragraphs: `tables()` gives each body-level table as rows of cell texts per view
(w:trPr/w:ins and w:trPr/w:del rows, w:tcPr/w:cellIns and w:cellDel cells honoured, tables left without
rows dropped); `notes()` gives footnotes and endnotes per view as (id, text) in the order their reference
marks occur in that view of the body; `inventory()` (ooxml_inventory.py) counts the features a redline
must keep.
"""
from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .ooxml_numbering import Labeler, Numbering, NumRef, num_ref

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
DEFAULT_PART = "word/document.xml"
VIEWS = ("as_is", "accepted", "rejected")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


INSERTED = {w("ins"), w("moveTo")}
DELETED = {w("del"), w("moveFrom")}
REVISIONS = INSERTED | DELETED
# Inline wrappers whose children are read as if they stood in the paragraph itself.
TRANSPARENT = {w("hyperlink"), w("smartTag"), w("fldSimple"), w("customXml"), w("dir"), w("bdo"), w("sdtContent")}
# Block-level containers whose w:p / w:tbl children are read in order.
BLOCK_TRANSPARENT = {w("sdt"), w("sdtContent"), w("customXml")}
RUN_TEXT = {w("t"): None, w("delText"): None, w("tab"): "\t", w("ptab"): "\t", w("br"): "\n", w("cr"): "\n",
            w("noBreakHyphen"): "-", w("softHyphen"): ""}

NOTE_REFERENCES = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
OBJECTS = {w("drawing"), w("pict"), w("object"), f"{{{MC}}}AlternateContent"}
WRAPPER_MARKS = {w("hyperlink"): "link"}  # and run-level w:sdt: "sdt"
EMPTY_MARKS = ("\u27e6link\u27e7\u27e6/link\u27e7",)  # a link left without text in a view is gone


def parser() -> etree.XMLParser:
    """A parser that resolves no entities, loads no DTD and touches no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


@dataclass
class Piece:
    """Text of one run element with the revision state it sits in."""

    text: str
    inserted: bool
    deleted: bool


@dataclass
class Para:
    pieces: list[Piece] = field(default_factory=list)
    mark_inserted: bool = False
    mark_deleted: bool = False
    row_inserted: bool = False
    row_deleted: bool = False
    num_now: NumRef = field(default_factory=NumRef)
    num_old: NumRef | None = None  # from w:pPr/w:pPrChange: the numbering before a tracked property change
    refs: list[tuple[str, str, bool, bool]] = field(default_factory=list)  # (note kind, id, inserted, deleted)

    def num(self, view: str) -> NumRef:
        return self.num_old if view == "rejected" and self.num_old is not None else self.num_now

    def text(self, view: str) -> str:
        text = "".join(p.text for p in self.pieces if _keep(view, inserted=p.inserted, deleted=p.deleted))
        for empty in EMPTY_MARKS:
            text = text.replace(empty, "")
        return text


BOUNDARY = None  # marks a table / cell edge in the paragraph stream: merges stop there


def _keep(view: str, *, inserted: bool, deleted: bool) -> bool:
    if view == "accepted":
        return not deleted
    if view == "rejected":
        return not inserted
    return True


def main_part_name(archive: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (word/document.xml as a fallback)."""
    try:
        rels = etree.fromstring(archive.read("_rels/.rels"), parser())
    except KeyError:
        return DEFAULT_PART
    for rel in rels.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("Type") == OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return posixpath.normpath(rel.get("Target", DEFAULT_PART).lstrip("/"))
    return DEFAULT_PART


def load_document_xml(path: str | Path) -> etree._Element:
    """Parse the main document part of the DOCX at `path` with the hardened parser."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read(main_part_name(archive))
    return etree.fromstring(data, parser())


class _Reader:
    """Walks w:body once, collecting paragraphs (with per-piece revision state) and boundaries."""

    def __init__(self, marks: bool = False, bookmarks: dict[str, str] | None = None) -> None:
        self.stream: list[Para | None] = []
        self.fields: list[list] = []  # open complex fields: [state ("instr" until separate, then "result"), code]
        self.marks = marks  # write MARKS for what has no text (see the module docstring)
        self.bookmarks = bookmarks or {}  # w:id -> w:name of the part's bookmarks (for w:bookmarkEnd)

    def block(self, parent: etree._Element, row: tuple[bool, bool] = (False, False)) -> None:
        for child in parent:
            if child.tag == w("p"):
                self.paragraph(child, row)
            elif child.tag == w("tbl"):
                self.table(child, row)
            elif child.tag in BLOCK_TRANSPARENT:
                self.block(child, row)

    def table(self, tbl: etree._Element, outer_row: tuple[bool, bool]) -> None:
        self.stream.append(BOUNDARY)
        for tr in _rows(tbl):
            tr_pr = tr.find(w("trPr"))
            ins = outer_row[0] or (tr_pr is not None and tr_pr.find(w("ins")) is not None)
            dele = outer_row[1] or (tr_pr is not None and tr_pr.find(w("del")) is not None)
            for tc in _cells(tr):
                self.block(tc, (ins, dele))
                self.stream.append(BOUNDARY)
        self.stream.append(BOUNDARY)

    def paragraph(self, p: etree._Element, row: tuple[bool, bool]) -> None:
        para = Para(row_inserted=row[0], row_deleted=row[1])
        ppr = p.find(w("pPr"))
        para.num_now = num_ref(ppr)
        change = ppr.find(w("pPrChange")) if ppr is not None else None
        if change is not None:
            para.num_old = num_ref(change.find(w("pPr")))
        mark = p.find(f"{w('pPr')}/{w('rPr')}")
        if mark is not None:
            para.mark_inserted = any(mark.find(tag) is not None for tag in INSERTED)
            para.mark_deleted = any(mark.find(tag) is not None for tag in DELETED)
        self.inline(p, para, inserted=False, deleted=False)
        self.stream.append(para)

    def mark(self, para: Para, text: str, inserted: bool, deleted: bool) -> None:
        if self.marks:
            para.pieces.append(Piece(f"\u27e6{text}\u27e7", inserted, deleted))

    def inline(self, parent: etree._Element, para: Para, *, inserted: bool, deleted: bool) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                self.run(child, para, inserted=inserted, deleted=deleted)
            elif tag in INSERTED:
                self.inline(child, para, inserted=True, deleted=deleted)
            elif tag in DELETED:
                self.inline(child, para, inserted=inserted, deleted=True)
            elif tag in WRAPPER_MARKS or tag == w("sdt"):
                name = WRAPPER_MARKS.get(tag, "sdt")
                target = child.find(w("sdtContent")) if tag == w("sdt") else child
                self.mark(para, name, inserted, deleted)
                if target is not None:
                    self.inline(target, para, inserted=inserted, deleted=deleted)
                self.mark(para, f"/{name}", inserted, deleted)
            elif tag == w("fldSimple"):
                self.mark(para, f"field {_keyword(child.get(w('instr'), ''))}", inserted, deleted)
                self.inline(child, para, inserted=inserted, deleted=deleted)
                self.mark(para, "/field", inserted, deleted)
            elif tag in TRANSPARENT:
                self.inline(child, para, inserted=inserted, deleted=deleted)
            elif tag in (w("bookmarkStart"), w("bookmarkEnd")):
                name = child.get(w("name")) if tag == w("bookmarkStart") else self.bookmarks.get(child.get(w("id")))
                if name and not name.startswith("_"):
                    self.mark(para, f"{'' if tag == w('bookmarkStart') else '/'}bookmark {name}", inserted, deleted)
            elif tag in (w("commentRangeStart"), w("commentRangeEnd")):
                self.mark(para, f"{'' if tag == w('commentRangeStart') else '/'}comment range", inserted, deleted)
            # w:pPr, proofErr, permStart/End, oMath ...: no text

    def run(self, r: etree._Element, para: Para, *, inserted: bool, deleted: bool) -> None:
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    self.fields.append(["instr", ""])
                elif kind in ("separate", "end") and self.fields:
                    state, code = self.fields[-1]
                    if state == "instr" and not any(f[0] == "instr" for f in self.fields[:-1]):
                        self.mark(para, f"field {_keyword(code)}", inserted, deleted)
                    self.fields[-1][0] = "result"
                    if kind == "end":
                        self.fields.pop()
                        if not any(f[0] == "instr" for f in self.fields):
                            self.mark(para, "/field", inserted, deleted)
            elif any(f[0] == "instr" for f in self.fields):
                if tag in (w("instrText"), w("delInstrText")):  # the field code is no text
                    self.fields[-1][1] += child.text or ""
            elif tag in NOTE_REFERENCES:
                para.refs.append((NOTE_REFERENCES[tag], child.get(w("id")), inserted, deleted))
                self.mark(para, NOTE_REFERENCES[tag], inserted, deleted)
            elif self.marks and tag == w("br") and child.get(w("type")) in ("page", "column"):
                self.mark(para, f"{child.get(w('type'))} break", inserted, deleted)
            elif tag in RUN_TEXT:
                text = RUN_TEXT[tag]
                para.pieces.append(Piece((child.text or "") if text is None else text, inserted, deleted))
            elif tag in OBJECTS:
                self.mark(para, "object", inserted, deleted)
            elif tag == w("commentReference"):
                self.mark(para, "comment", inserted, deleted)
            elif tag == w("sym"):
                self.mark(para, f"sym {child.get(w('font'))} {child.get(w('char'))}", inserted, deleted)
            # w:rPr (and its w:rPrChange), lastRenderedPageBreak ...: no text


def _keyword(code: str) -> str:
    words = code.split()
    return words[0].upper() if words else "<empty>"


def _rows(tbl: etree._Element):
    for child in tbl:
        if child.tag == w("tr"):
            yield child
        elif child.tag in BLOCK_TRANSPARENT:
            yield from _rows(child)


def _cells(tr: etree._Element):
    for child in tr:
        if child.tag == w("tc"):
            yield child
        elif child.tag in BLOCK_TRANSPARENT:
            yield from _cells(child)


def _bookmark_names(root: etree._Element) -> dict[str, str]:
    return {b.get(w("id")): b.get(w("name"), "") for b in root.iter(w("bookmarkStart"))}


def _read(parent: etree._Element, root: etree._Element, marks: bool) -> list[Para | None]:
    """The paragraph stream of a block container (body, cell, note) of the part whose root is `root`."""
    reader = _Reader(marks, _bookmark_names(root) if marks else None)
    reader.block(parent)
    return reader.stream


def _stream(root: etree._Element, marks: bool = False) -> list[Para | None]:
    body = root.find(w("body"))
    if body is None:
        raise ValueError("no w:body in the main document part")
    return _read(body, root, marks)


def _dropped(para: Para, view: str) -> bool:
    """Whether the paragraph's table row is gone in this view."""
    return (view == "accepted" and para.row_deleted) or (view == "rejected" and para.row_inserted)


def _view(stream: list[Para | None], view: str, labeler: Labeler | None = None) -> list[str]:
    out: list[str] = []
    pending: str | None = None  # text of paragraphs whose marks vanish in this view, awaiting the next
    last: Para | None = None

    def emit(text: str, para: Para) -> None:
        label = labeler.label(para.num(view)) if labeler is not None else ""
        out.append(f"{label} {text}" if label else text)

    for para in stream:
        if para is None:
            if pending is not None:
                emit(pending, last)
                pending = None
            continue
        if _dropped(para, view):
            continue
        text = (pending or "") + para.text(view)
        merges = (view == "accepted" and para.mark_deleted) or (view == "rejected" and para.mark_inserted)
        if merges:
            pending, last = text, para
        else:
            emit(text, para)
            pending = None
    if pending is not None:
        emit(pending, last)
    return out


def views_of_root(root: etree._Element, numbering: Numbering | None = None, *,
                  marks: bool = False) -> dict[str, list[str]]:
    """The three views of a parsed w:document element (labelled when `numbering` is given)."""
    stream = _stream(root, marks)
    return {view: _view(stream, view, numbering.labeler() if numbering else None) for view in VIEWS}


def views(path: str | Path, *, labels: bool = False, marks: bool = False) -> dict[str, list[str]]:
    """{"as_is": [...], "accepted": [...], "rejected": [...]} for the DOCX at `path`."""
    package = load_package(path)
    return views_of_root(package.main, package.numbering() if labels else None, marks=marks)


def as_is(path: str | Path, *, labels: bool = False, marks: bool = False) -> list[str]:
    return views(path, labels=labels, marks=marks)["as_is"]


def accepted(path: str | Path, *, labels: bool = False, marks: bool = False) -> list[str]:
    return views(path, labels=labels, marks=marks)["accepted"]


def rejected(path: str | Path, *, labels: bool = False, marks: bool = False) -> list[str]:
    return views(path, labels=labels, marks=marks)["rejected"]


# ---- the package: the main part and the parts it relates to ----------------------------------------------

RELATED = {"numbering", "styles", "footnotes", "endnotes", "comments", "header", "footer"}


@dataclass
class Package:
    """The main document part and its related parts (by relationship type), parsed."""

    main: etree._Element
    main_name: str
    related: dict[str, list[tuple[str, etree._Element]]]  # type ("footnotes", "header"...) -> [(part, root)]
    rels: dict[str, etree._Element]  # part name -> its parsed _rels part (when it has one)

    def part(self, kind: str) -> etree._Element | None:
        found = self.related.get(kind)
        return found[0][1] if found else None

    def numbering(self) -> Numbering:
        return Numbering.parse(self.part("numbering"), self.part("styles"))


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def relationships(archive: zipfile.ZipFile, part: str) -> etree._Element | None:
    try:
        return etree.fromstring(archive.read(_rels_name(part)), parser())
    except KeyError:
        return None


def load_package(path: str | Path) -> Package:
    """Parse the main part, its relationships and the related parts the views and inventory read."""
    with zipfile.ZipFile(path) as archive:
        main_name = main_part_name(archive)
        main = etree.fromstring(archive.read(main_name), parser())
        related: dict[str, list[tuple[str, etree._Element]]] = {}
        rels: dict[str, etree._Element] = {}
        main_rels = relationships(archive, main_name)
        if main_rels is not None:
            rels[main_name] = main_rels
            for rel in main_rels.iter(f"{{{REL_NS}}}Relationship"):
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                if kind not in RELATED or rel.get("TargetMode") == "External":
                    continue
                name = posixpath.normpath(posixpath.join(posixpath.dirname(main_name), rel.get("Target", "")))
                try:
                    root = etree.fromstring(archive.read(name), parser())
                except KeyError:
                    continue
                related.setdefault(kind, []).append((name, root))
                if (part_rels := relationships(archive, name)) is not None:
                    rels[name] = part_rels
    return Package(main, main_name, related, rels)


# ---- notes and tables -------------------------------------------------------------------------------------

def notes_of_package(package: Package, *, marks: bool = False) -> dict[str, dict[str, list[tuple[str, str]]]]:
    stream = _stream(package.main)
    out: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for kind in ("footnote", "endnote"):
        part = package.part(f"{kind}s")
        by_id = {} if part is None else {n.get(w("id")): n for n in part.iter(w(kind))}
        out[f"{kind}s"] = {}
        for view in VIEWS:
            refs = [nid for para in stream if para is not None and not _dropped(para, view)
                    for ref_kind, nid, ins, dele in para.refs
                    if ref_kind == kind and _keep(view, inserted=ins, deleted=dele)]
            out[f"{kind}s"][view] = [
                (nid, "\n".join(_view(_read(by_id[nid], part, marks), view)) if nid in by_id else "<missing note>")
                for nid in refs]
    return out


def notes(path: str | Path, *, marks: bool = False) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """{"footnotes": {view: [(id, text), ...]}, "endnotes": {...}}: each note referenced from the body in
    that view, in order of reference, its paragraphs joined with a newline (the note's own reference mark,
    w:footnoteRef / w:endnoteRef, has no text)."""
    return notes_of_package(load_package(path), marks=marks)


def _body_tables(parent: etree._Element):
    for child in parent:
        if child.tag == w("tbl"):
            yield child
        elif child.tag in BLOCK_TRANSPARENT:
            yield from _body_tables(child)


def _has(el: etree._Element | None, tag: str) -> bool:
    return el is not None and el.find(w(tag)) is not None


def table_rows(tbl: etree._Element, view: str, *, marks: bool = False,
               root: etree._Element | None = None) -> list[list[str]]:
    """Rows of cell texts of one table in one view (a cell's paragraphs joined with a newline)."""
    rows = []
    for tr in _rows(tbl):
        tr_pr = tr.find(w("trPr"))
        if (view == "accepted" and _has(tr_pr, "del")) or (view == "rejected" and _has(tr_pr, "ins")):
            continue
        cells = []
        for tc in _cells(tr):
            tc_pr = tc.find(w("tcPr"))
            if (view == "accepted" and _has(tc_pr, "cellDel")) or (view == "rejected" and _has(tc_pr, "cellIns")):
                continue
            cells.append("\n".join(_view(_read(tc, tbl.getroottree().getroot() if root is None else root, marks),
                                          view)))
        rows.append(cells)
    return rows


def tables_of_root(root: etree._Element, *, marks: bool = False) -> dict[str, list[list[list[str]]]]:
    body = root.find(w("body"))
    found = list(_body_tables(body)) if body is not None else []
    return {view: [rows for rows in (table_rows(t, view, marks=marks, root=root) for t in found) if rows]
            for view in VIEWS}


def tables(path: str | Path, *, marks: bool = False) -> dict[str, list[list[list[str]]]]:
    """{view: [table, ...]} with each body-level table as a list of rows, each a list of cell texts;
    nested tables are read as paragraphs of their cell."""
    return tables_of_root(load_document_xml(path), marks=marks)


def inventory(path: str | Path, view: str = "accepted"):
    """Counter of the features a redline must keep (see ooxml_inventory.py)."""
    from .ooxml_inventory import inventory as count

    return count(path, view)


def _has_ancestor(el: etree._Element, tags: set[str]) -> bool:
    return any(a.tag in tags for a in el.iterancestors())


def validate_root(root: etree._Element) -> list[str]:
    """Problems in the tracked-change markup of a parsed part, each with the line it is on."""
    problems: list[str] = []
    for el in root.iter(w("t")):
        if _has_ancestor(el, DELETED):
            problems.append(f"line {el.sourceline}: w:t inside a deletion (use w:delText)")
    for el in root.iter(w("delText")):
        if not _has_ancestor(el, DELETED):
            problems.append(f"line {el.sourceline}: w:delText outside w:del / w:moveFrom")
    seen: dict[str, int | None] = {}
    for el in root.iter(*REVISIONS):
        name = etree.QName(el).localname
        rid = el.get(w("id"))
        if rid is None:
            problems.append(f"line {el.sourceline}: w:{name} without w:id")
        elif rid in seen:
            problems.append(f"line {el.sourceline}: w:{name} repeats w:id {rid} (first on line {seen[rid]})")
        else:
            seen[rid] = el.sourceline
        for attr in ("author", "date"):
            if el.get(w(attr)) is None:
                problems.append(f"line {el.sourceline}: w:{name} w:id={rid} without w:{attr}")
        if el.tag == w("ins") and _has_ancestor(el, {w("ins")}):
            problems.append(f"line {el.sourceline}: w:ins nested in w:ins")
    return problems


def validate_revisions(path: str | Path) -> list[str]:
    """Problems found in the tracked-change markup of the DOCX at `path` (empty when none)."""
    return validate_root(load_document_xml(path))
