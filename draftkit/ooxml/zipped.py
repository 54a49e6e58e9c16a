"""Byte-level DOCX packaging: deterministic ZIP output and core properties."""
from __future__ import annotations

import io
import zipfile

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


def _core_xml(xml: bytes, properties: dict[str, str]) -> bytes:
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


def deterministic_zip(parts: dict[str, bytes], *, properties: dict[str, str]) -> bytes:
    """A DOCX from its parts, with a fixed part order and timestamps and the given core properties.

    `properties` maps qualified names such as "dc:title" or "dcterms:created" to their text.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(parts, key=_part_order):
            payload = _core_xml(parts[name], properties) if name == CORE else parts[name]
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            dst.writestr(info, payload, compresslevel=6)
    return out.getvalue()


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
