"""Open a DOCX package safely: size limits, no DTDs or entities, no macros, the main part found through
the package relationships; tracked changes already in the document are taken as accepted (and said so)."""
from __future__ import annotations

import io
import posixpath
import re
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import UnreadableDocument
from .accept import accept_revisions
from .blocks import Located, story_paragraphs
from .external import drop_external
from .names import PARSER, RELS, SAFE_XML, STRICT_W, w
from .notes import DEFAULT_NAME, KINDS, note_part_names, referenced, register_part

OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                   "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
DOCUMENT = "word/document.xml"
PACKAGE_RELS = "_rels/.rels"
CONTENT_TYPES = "[Content_Types].xml"
XML_SUFFIXES = (".xml", ".rels")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_DIRECTORY_ENTRY = b"PK\x01\x02"
DRIVE = re.compile(r"^[A-Za-z]:")
MAX_ENTRIES = 2_000
MAX_TOTAL = 256 * 1024 * 1024
MAX_PART = 64 * 1024 * 1024
MAX_RATIO = 200
# An image is judged by its own size, not by how well it compresses: a plain picture (a white page scanned
# as a bitmap) compresses far better than MAX_RATIO. Images are copied, never parsed.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg", ".ico", ".webp")
MAX_IMAGE = 32 * 1024 * 1024
# Limits that keep reading, diffing and redlining within seconds and a few hundred MB (measured in
# tests/test_hostile_docx.py); the model ordinance's document.xml is 31 kB and about 150 paragraphs.
MAX_XML = 4 * 1024 * 1024
MAX_PARAGRAPHS = 5_000


@dataclass
class LoadedDocx:
    """A DOCX package in memory: its parts, and its main part (`main`) parsed with revisions accepted."""

    name: str
    parts: dict[str, bytes]
    root: etree._Element
    notes: list[str] = field(default_factory=list)
    main: str = DOCUMENT
    stories: dict[str, etree._Element] = field(default_factory=dict)   # "footnote"/"endnote" -> its part's root
    story_parts: dict[str, str] = field(default_factory=dict)          # "footnote"/"endnote" -> part name

    @property
    def body(self) -> etree._Element:
        return self.root.find(w("body"))

    def located(self) -> list[Located]:
        """The body's paragraphs in reading order (table cells included), then those of the notes the body
        refers to (footnotes, then endnotes, each in order of reference)."""
        found = story_paragraphs(self.body)
        for kind in KINDS:
            for note_id, note in referenced(self.body, kind, self.stories.get(kind)):
                found += [Located(p.element, p.cell, (kind, note_id)) for p in story_paragraphs(note)]
        return found

    def paragraphs(self) -> list[etree._Element]:
        """The paragraphs `located` lists: Paragraph.index counts these."""
        return [found.element for found in self.located()]

    def numbering(self) -> etree._Element:
        """The list definitions part's root, parsed (or made empty) to be changed; written by current_parts."""
        if "numbering" not in self.stories:
            found = note_part_names(self.parts, self.main, ("numbering",))
            if "numbering" in found:
                self.story_parts["numbering"] = found["numbering"]
                self.stories["numbering"] = etree.fromstring(self.parts[found["numbering"]], PARSER)
            else:
                self.stories["numbering"] = etree.Element(w("numbering"), nsmap={"w": w("")[1:-1]})
        return self.stories["numbering"]

    def current_parts(self) -> dict[str, bytes]:
        """The package's parts, with the (possibly changed) document and notes parts serialized anew."""
        parts = dict(self.parts)
        for kind, root in self.stories.items():
            if kind not in self.story_parts:
                self.story_parts[kind] = DEFAULT_NAME[kind]
                parts = register_part(parts, self.main, kind, self.story_parts[kind])
            parts[self.story_parts[kind]] = _serialize(root)
        parts[self.main] = _serialize(self.root)
        return parts


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _refuse(name: str, reason: str) -> UnreadableDocument:
    """The error for document `name`, to be raised by the caller."""
    return UnreadableDocument(Path(name), reason)


def _check_zip(name: str, data: bytes) -> zipfile.ZipFile:
    """The archive, once its directory shows nothing a Word document never holds; no part is read yet."""
    if not data:
        raise _refuse(name, "the file is empty")
    if data.startswith(OLE_MAGIC):
        raise _refuse(name, "it is an encrypted (password-protected) or old-format Word file; "
                            "save it as an unprotected .docx")
    if data.count(ZIP_DIRECTORY_ENTRY) > MAX_ENTRIES:  # counted before zipfile builds an object per entry
        raise _refuse(name, f"it holds more than {MAX_ENTRIES:,} parts; a Word document has far fewer")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        if data.startswith(b"PK\x03\x04"):
            raise _refuse(name, "it is a damaged or truncated .docx (ZIP) file") from None
        raise _refuse(name, "it is not a .docx file (not a ZIP archive)") from None
    _check_entries(name, archive.infolist())
    return archive


def _check_entries(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse odd part names, encryption, unusual compression and parts that would expand too far."""
    seen: set[str] = set()
    for info in infos:
        part = info.filename
        if part.startswith("/") or "\\" in part or {".", ".."} & set(part.split("/")) or DRIVE.match(part):
            raise _refuse(name, f"it holds a part named {part!r}, which points outside the package")
        if part in seen:
            raise _refuse(name, f"it holds two parts named {part!r}")
        seen.add(part)
        if info.flag_bits & 0x1:
            raise _refuse(name, "it is encrypted; save an unprotected copy")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(name, f"{part} is compressed with ZIP method {info.compress_type}; Word uses only deflate")
    biggest = max(infos, key=lambda i: i.file_size, default=None)
    total = sum(i.file_size for i in infos)
    if biggest is not None and biggest.file_size > MAX_PART:
        raise _refuse(name, f"{biggest.filename} would expand to {biggest.file_size:,} bytes; the limit for a "
                            f"part is {MAX_PART:,} (a ZIP bomb?)")
    if total > MAX_TOTAL:
        raise _refuse(name, f"it would expand to {total:,} bytes; the limit is {MAX_TOTAL:,} (a ZIP bomb?)")
    for info in (i for i in infos if i.filename.lower().endswith(IMAGE_SUFFIXES)):
        if info.file_size > MAX_IMAGE:
            raise _refuse(name, f"the image {info.filename} is {info.file_size:,} bytes; the limit for an image is "
                                f"{MAX_IMAGE:,}")
    if any(i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1_000_000
           and not i.filename.lower().endswith(IMAGE_SUFFIXES) for i in infos):
        raise _refuse(name, "a part is compressed suspiciously well (a ZIP bomb?)")
    for info in infos:
        if info.filename.endswith(XML_SUFFIXES):
            _check_xml_size(name, info.filename, info.file_size)


def _check_xml_size(name: str, part: str, size: int) -> None:
    """Refuse an XML part too large to parse and compare within a few hundred MB."""
    if size > MAX_XML:
        raise _refuse(name, f"{part} is {size:,} bytes, too large to compare; the limit for an XML part is "
                            f"{MAX_XML:,}")


def _read_parts(name: str, archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every part, each read no further than the size its header declares (and that was checked)."""
    parts = {}
    try:
        for info in archive.infolist():
            with archive.open(info) as stream:  # read() with no size would inflate a lying part whole
                parts[info.filename] = stream.read(info.file_size)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error) as exc:
        raise _refuse(name, f"the ZIP is damaged ({exc})") from None
    return parts


class _Prolog(Exception):
    """Stops _PrologGuard's parse at the DOCTYPE or the root element, whichever comes first."""


class _PrologGuard:
    """A parser target that reads only the prolog, noting whether it declares a DTD."""

    dtd = False

    def doctype(self, *_) -> None:
        self.dtd = True
        raise _Prolog

    def start(self, *_) -> None:
        raise _Prolog

    def close(self) -> None:
        return None


def _declares_dtd(data: bytes) -> bool:
    """Whether a DOCTYPE precedes the root element; checked before the parse that would meet its entities."""
    guard, parser = _prolog_parser()
    guard.dtd = False
    try:
        etree.fromstring(data, parser)
    except (_Prolog, etree.XMLSyntaxError):
        pass
    return guard.dtd


_PROLOG = threading.local()


def _prolog_parser() -> tuple[_PrologGuard, etree.XMLParser]:
    """This thread's prolog reader (a parser is made once: lxml inspects its target each time one is)."""
    if not hasattr(_PROLOG, "parser"):
        guard = _PrologGuard()
        _PROLOG.guard, _PROLOG.parser = guard, etree.XMLParser(target=guard, **SAFE_XML)
    return _PROLOG.guard, _PROLOG.parser


def _xml(name: str, part: str, data: bytes) -> etree._Element:
    """A part parsed without DTDs, entities or network; refused if not well-formed or if it declares a DTD."""
    _check_xml_size(name, part, len(data))
    if _declares_dtd(data):
        raise _refuse(name, f"{part} declares a DTD (and perhaps entities), which Word never writes")
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise _refuse(name, f"{part} is not well-formed XML ({exc})") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise _refuse(name, f"{part} declares a DTD (and perhaps entities), which Word never writes")
    return root


CORE_PART = "docProps/core.xml"


def _checked_xml(name: str, parts: dict[str, bytes], *, keep: tuple[str, ...]) -> dict[str, etree._Element]:
    """Check every XML part (size, no DTD); parse and return the parts in `keep`.

    Parts that are not kept are never parsed here or later, only copied; a byte scan finds a DTD in
    UTF-8 text, and a part in another encoding (Word writes none) gets the full parse.
    """
    kept = {}
    for part, data in parts.items():
        if part in keep:
            kept[part] = _xml(name, part, data)
        elif part.endswith(XML_SUFFIXES):
            _check_xml_size(name, part, len(data))
            if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
                _xml(name, part, data)
            elif b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise _refuse(name, f"{part} declares a DTD (and perhaps entities), which Word never writes")
    return kept


def _main_part(name: str, parts: dict[str, bytes]) -> str:
    """The part _rels/.rels names as the office document (word/document.xml if it names none)."""
    rels = _xml(name, PACKAGE_RELS, parts[PACKAGE_RELS]) if PACKAGE_RELS in parts else None
    for rel in rels.iter(f"{{{RELS}}}Relationship") if rels is not None else ():
        if rel.get("Type") in OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return posixpath.normpath(rel.get("Target") or DOCUMENT).lstrip("/")
    return DOCUMENT


def _macro_enabled(parts: dict[str, bytes], types: etree._Element | None) -> bool:
    """Whether [Content_Types].xml declares a macro-enabled part or the package holds a VBA project."""
    declared = [el.get("ContentType", "") for el in types.iter()] if types is not None else []
    return any("macroenabled" in t.lower() for t in declared) or any(
        n.lower().endswith("vbaproject.bin") for n in parts)


def _check_document(name: str, main: str, root: etree._Element) -> None:
    """Refuse a main part that is not a Transitional WordprocessingML body of a size we can compare."""
    if etree.QName(root).namespace == STRICT_W:
        raise _refuse(name, "Strict Open XML is not supported; save it as Word Document (.docx)")
    if root.tag != w("document"):
        raise _refuse(name, f"its main part {main} is not a Word document (an Excel or PowerPoint file?)")
    if root.find(w("body")) is None:
        raise _refuse(name, f"{main} has no body")
    paragraphs = sum(1 for _ in root.iter(w("p")))
    if paragraphs > MAX_PARAGRAPHS:
        raise _refuse(name, f"it has {paragraphs:,} paragraphs, too many to compare; the limit is "
                            f"{MAX_PARAGRAPHS:,}")


def open_docx(data: bytes, *, name: str = "document.docx") -> LoadedDocx:
    """Open a DOCX safely and accept the tracked changes it already holds."""
    parts = _read_parts(name, _check_zip(name, data))
    main = _main_part(name, parts)
    if main not in parts:
        raise _refuse(name, f"it has no {main}, so it is not a Word document")
    story_parts = note_part_names(parts, main)
    trees = _checked_xml(name, parts, keep=(main, CONTENT_TYPES, CORE_PART, *story_parts.values()))
    if _macro_enabled(parts, trees.get(CONTENT_TYPES)):
        raise _refuse(name, "it is macro-enabled (.docm); save it as a plain Word Document (.docx)")
    root = trees[main]
    _check_document(name, main, root)
    stories = {kind: trees[part] for kind, part in story_parts.items()}
    parts, dropped = drop_external(parts, {main: root, **{story_parts[k]: r for k, r in stories.items()}})
    loaded = LoadedDocx(name, parts, root, main=main, stories=stories, story_parts=story_parts)
    if dropped:
        loaded.notes.append(f"dropped {len(dropped)} external link(s) that Word would fetch on opening, so no "
                            f"output carries them: {'; '.join(dropped[:5])}{' …' if len(dropped) > 5 else ''}")
    accepted = accept_revisions(root.find(w("body"))) + sum(accept_revisions(s) for s in stories.values())
    if accepted:
        loaded.notes.append(f"the document held {accepted} tracked change(s); they were taken as accepted")
    return loaded



def own_docx(parts: dict[str, bytes], *, name: str) -> LoadedDocx:
    """A package this toolkit just produced, read from its parts without the checks hostile files need."""
    story_parts = note_part_names(parts, DOCUMENT)
    stories = {kind: etree.fromstring(parts[part], PARSER) for kind, part in story_parts.items()}
    return LoadedDocx(name, parts, etree.fromstring(parts[DOCUMENT], PARSER), stories=stories,
                      story_parts=story_parts)
