"""Footnotes and endnotes: their parts, the notes the body refers to (in reading order), and the markup to
add a note that only the baseline has (a deleted copy, with a deleted reference mark in the body)."""
from __future__ import annotations

import copy
import posixpath

from lxml import etree

from .names import PARSER, RELS, w

KINDS = ("footnote", "endnote")
REL_TYPE = {kind: f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}s" for kind in KINDS}
CONTENT_TYPE = {kind: f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
                for kind in KINDS}
# The list definitions part is found and added the same way.
REL_TYPE["numbering"] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
CONTENT_TYPE["numbering"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
DEFAULT_NAME = {"footnote": "word/footnotes.xml", "endnote": "word/endnotes.xml", "numbering": "word/numbering.xml"}
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SPECIAL = ("separator", "continuationSeparator", "continuationNotice")
REFERENCE = {kind: w(f"{kind}Reference") for kind in KINDS}


def rels_name(part: str) -> str:
    """The relationships part of a part: word/document.xml -> word/_rels/document.xml.rels."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def note_part_names(parts: dict[str, bytes], main: str, kinds: tuple[str, ...] = KINDS) -> dict[str, str]:
    """kind -> part name of the notes parts (or other `kinds` of REL_TYPE) the main part's relationships
    name and the package holds."""
    data = parts.get(rels_name(main))
    if not data:
        return {}
    try:
        rels = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError:
        return {}
    found = {}
    for rel in rels.iter(f"{{{RELS}}}Relationship"):
        for kind in kinds:
            target = rel.get("Target") or ""
            if rel.get("Type") == REL_TYPE[kind] and rel.get("TargetMode") != "External":
                name = posixpath.normpath(posixpath.join(posixpath.dirname(main), target)).lstrip("/")
                if target.startswith("/"):
                    name = target.lstrip("/")
                if name in parts:
                    found[kind] = name
    return found


def referenced(body: etree._Element, kind: str, root: etree._Element | None) -> list[tuple[str, etree._Element]]:
    """(id, note element) of each note of `kind` the body refers to, in reading order, once each."""
    if root is None:
        return []
    notes = {n.get(w("id")): n for n in root.iterchildren(w(kind)) if n.get(w("type")) not in SPECIAL}
    seen: set[str] = set()
    out = []
    for ref in body.iter(REFERENCE[kind]):
        note_id = ref.get(w("id"))
        if note_id in notes and note_id not in seen:
            seen.add(note_id)
            out.append((note_id, notes[note_id]))
    return out


def references(element: etree._Element, kind: str, note_id: str) -> list[etree._Element]:
    """The runs in `element` that hold a reference to note `note_id`."""
    return [ref.getparent() for ref in element.iter(REFERENCE[kind]) if ref.get(w("id")) == note_id
            and ref.getparent() is not None]


def empty_notes_part(like: etree._Element, kind: str) -> etree._Element:
    """A notes part holding only `like`'s separator notes (for a draft that has no notes of its own)."""
    root = etree.Element(like.tag, nsmap=like.nsmap)
    for note in like.iterchildren(w(kind)):
        if note.get(w("type")) in SPECIAL:
            root.append(copy.deepcopy(note))
    return root


def next_id(root: etree._Element, kind: str) -> int:
    return 1 + max((int(n.get(w("id"), "0")) for n in root.iterchildren(w(kind))
                    if n.get(w("id"), "").lstrip("-").isdigit()), default=0)


def add_note(root: etree._Element, kind: str, paragraphs: list[etree._Element], *, note_id: int) -> etree._Element:
    """Append a note made of `paragraphs` to a notes part."""
    note = etree.SubElement(root, w(kind), {w("id"): str(note_id)})
    note.extend(paragraphs)
    return note


def reference_run(kind: str, note_id: int, like: etree._Element | None) -> etree._Element:
    """A run referring to note `note_id`, formatted as the run `like` (the baseline's reference run)."""
    run = etree.Element(w("r"))
    if like is not None and (rpr := like.find(w("rPr"))) is not None:
        run.append(copy.deepcopy(rpr))
    etree.SubElement(run, REFERENCE[kind], {w("id"): str(note_id)})
    return run


def register_part(parts: dict[str, bytes], main: str, kind: str, name: str) -> dict[str, bytes]:
    """The package's parts with a new notes part declared: a relationship from the main part and a
    content type override."""
    rels_part = rels_name(main)
    rels = etree.fromstring(parts[rels_part], PARSER) if rels_part in parts else etree.Element(
        f"{{{RELS}}}Relationships", nsmap={None: RELS})
    taken = {rel.get("Id") for rel in rels}
    rid = next(f"rIdNotes{n}" for n in range(1, 10_000) if f"rIdNotes{n}" not in taken)
    etree.SubElement(rels, f"{{{RELS}}}Relationship", {
        "Id": rid, "Type": REL_TYPE[kind], "Target": posixpath.relpath(name, posixpath.dirname(main))})
    types = etree.fromstring(parts["[Content_Types].xml"], PARSER)
    etree.SubElement(types, f"{{{CT}}}Override", {"PartName": "/" + name, "ContentType": CONTENT_TYPE[kind]})
    serialize = lambda el: etree.tostring(el, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: E731
    return {**parts, rels_part: serialize(rels), "[Content_Types].xml": serialize(types)}


def in_reference_order(root: etree._Element, body: etree._Element, kind: str) -> None:
    """Number and order a notes part's notes as the body refers to them (separators first). Word finds a
    note by its id; LibreOffice pairs references with notes by their order, so both must agree."""
    special = [n for n in root.iterchildren(w(kind)) if n.get(w("type")) in SPECIAL]
    first = 1 + max((int(v) for n in special if (v := n.get(w("id"), "")).lstrip("-").isdigit()), default=0)
    renumber: dict[str, str] = {}
    for ref in body.iter(REFERENCE[kind]):
        renumber.setdefault(ref.get(w("id")), str(first + len(renumber)))
    notes = [n for n in root.iterchildren(w(kind)) if n.get(w("type")) not in SPECIAL]
    unreferenced = [n for n in notes if n.get(w("id")) not in renumber]
    for note in unreferenced:
        renumber[note.get(w("id"))] = str(first + len(renumber))
    for ref in body.iter(REFERENCE[kind]):
        ref.set(w("id"), renumber[ref.get(w("id"))])
    for note in notes:
        note.set(w("id"), renumber[note.get(w("id"))])
        root.remove(note)
    root.extend(sorted(notes, key=lambda note: int(note.get(w("id")))))
