"""Byte-level DOCX packaging: deterministic ZIP output and core properties."""
from __future__ import annotations

import struct
import zlib
from collections import OrderedDict

from lxml import etree

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
CORE = "docProps/core.xml"
NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
# Core properties that python-docx or Word fill from the clock or the machine's user.
CLOCK_PROPERTIES = ("dcterms:created", "dcterms:modified", "cp:lastModifiedBy", "cp:lastPrinted", "cp:revision")


def _part_order(name: str) -> tuple[int, str]:
    return (0 if name == "[Content_Types].xml" else 1, name)


def core_xml(xml: bytes, properties: dict[str, str]) -> bytes:
    """Return core.xml without clock-derived values and with the given properties set."""
    root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    for tag in CLOCK_PROPERTIES:
        for el in root.findall(tag, NS):
            root.remove(el)
    for tag, value in properties.items():
        el = root.find(tag, NS)
        if el is None:
            el = etree.SubElement(root, etree.QName(NS[tag.split(":")[0]], tag.split(":")[1]))
        if tag.startswith("dcterms:"):
            el.set(etree.QName(NS["xsi"], "type"), "dcterms:W3CDTF")
        el.text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def deterministic_zip(parts: dict[str, bytes], *, properties: dict[str, str] | None) -> bytes:
    """A DOCX from its parts, with a fixed part order and timestamps and the given core properties.

    `properties` maps qualified names such as "dc:title" or "dcterms:created" to their text (None: the
    core part is written as given, its properties already set with `core_xml`). The bytes are
    those Python's zipfile writes at deflate level 6 (a test holds the two equal); a part met before, in
    this process (a template's styles, numbering, theme), is deflated once and its stream reused.
    """
    out, directory = bytearray(), bytearray()
    names = sorted(parts, key=_part_order)
    for name in names:
        payload = core_xml(parts[name], properties) if name == CORE and properties is not None else parts[name]
        crc, deflated = _deflated(payload)
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else _UTF8_NAME
        fields = (_VERSION, flags, _DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(deflated), len(payload), len(encoded))
        directory += _CENTRAL.pack(b"PK\x01\x02", _MADE_BY, *fields, 0, 0, 0, 0, _ATTRIBUTES, len(out)) + encoded
        out += _LOCAL.pack(b"PK\x03\x04", *fields, 0) + encoded + deflated
    end = _END.pack(b"PK\x05\x06", 0, 0, len(names), len(names), len(directory), len(out), 0)
    return bytes(out + directory + end)


# The fields Python's zipfile writes for a deflated member with a fixed time and Unix permissions 0644.
_LOCAL = struct.Struct("<4s2H2HHLLL2H")
_CENTRAL = struct.Struct("<4s4H2HLLL5HLL")
_END = struct.Struct("<4s4H2LH")
_VERSION, _MADE_BY, _DEFLATED, _UTF8_NAME = 20, (3 << 8) | 20, 8, 0x800
_DOS_TIME = FIXED_TIME[3] << 11 | FIXED_TIME[4] << 5 | FIXED_TIME[5] // 2
_DOS_DATE = (FIXED_TIME[0] - 1980) << 9 | FIXED_TIME[1] << 5 | FIXED_TIME[2]
_ATTRIBUTES = 0o644 << 16


class _Streams:
    """Deflate streams of parts seen before, least recently used dropped past a budget of part bytes (a
    batch meets the same styles, numbering and theme in every document; each body once)."""

    def __init__(self, budget: int):
        self.budget, self.held = budget, 0
        self.streams: OrderedDict[bytes, tuple[int, bytes]] = OrderedDict()

    def deflated(self, payload: bytes) -> tuple[int, bytes]:
        """A part's CRC-32 and raw deflate stream at level 6 (what zipfile writes)."""
        found = self.streams.get(payload)
        if found is not None:
            self.streams.move_to_end(payload)
            return found
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        found = (zlib.crc32(payload), packer.compress(payload) + packer.flush())
        self.streams[payload] = found
        self.held += len(payload)
        while self.held > self.budget and len(self.streams) > 1:
            oldest, _ = self.streams.popitem(last=False)
            self.held -= len(oldest)
        return found


_deflated = _Streams(budget=8 << 20).deflated


def document_parts(document) -> dict[str, bytes]:
    """The parts of a python-docx Document as they would be saved, without zipping them."""
    from docx.opc.pkgwriter import _ContentTypesItem

    package = document.part.package
    parts = {"[Content_Types].xml": _ContentTypesItem.from_parts(package.parts).blob,
             "_rels/.rels": package.rels.xml}
    for part in package.parts:
        parts[part.partname.membername] = part.blob
        if len(part.rels):
            parts[part.partname.rels_uri.membername] = part.rels.xml
    return parts
