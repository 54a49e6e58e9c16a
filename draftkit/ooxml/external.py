"""External relationships in an input package: attached templates, linked images, OLE links, remote frames.

Word fetches them when it opens the file, so a redline made from an input must not carry them. Hyperlinks
are external too, but open only when a reader clicks one: they stay.
"""
from __future__ import annotations

import posixpath

from lxml import etree

from .names import PARSER, R, w

KEEP = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",)
RELS_SUFFIX = ".rels"
# Elements that exist only to use a relationship: without it they must go too.
USES = {w("attachedTemplate"), w("subDoc"), w("dataSource"), w("headerSource"),
        "{urn:schemas-microsoft-com:office:office}OLEObject"}


def _source_part(rels_part: str) -> str:
    """word/_rels/document.xml.rels -> word/document.xml."""
    folder, name = posixpath.split(rels_part)
    return posixpath.join(posixpath.dirname(folder), name[: -len(RELS_SUFFIX)])


def drop_external(parts: dict[str, bytes], roots: dict[str, etree._Element]) -> tuple[dict[str, bytes], list[str]]:
    """The parts without external relationships (but hyperlinks), and what was dropped ("attached template
    http://..."). `roots` are parts already parsed (by name), changed in place."""
    dropped: list[str] = []
    out = dict(parts)
    for name in [n for n in parts if n.endswith(RELS_SUFFIX) and "/_rels/" in f"/{n}"]:
        try:
            rels = etree.fromstring(parts[name], PARSER)
        except etree.XMLSyntaxError:
            continue
        gone = {}
        for rel in list(rels):
            if rel.get("TargetMode") == "External" and rel.get("Type") not in KEEP:
                gone[rel.get("Id")] = rel
                rels.remove(rel)
        if not gone:
            continue
        out[name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
        source = _source_part(name)
        dropped += [f"{_kind(rel.get('Type', ''))} {rel.get('Target', '')}" for rel in gone.values()]
        if source in roots:
            _unlink(roots[source], set(gone))
        elif source in out and source.endswith(".xml"):
            root = etree.fromstring(out[source], PARSER)
            _unlink(root, set(gone))
            out[source] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out, dropped


def _unlink(root: etree._Element, ids: set[str]) -> None:
    """Remove every use of the relationship ids `ids`: elements that exist for them, attributes otherwise."""
    for el in list(root.iter()):
        used = [name for name, value in el.attrib.items() if name.startswith(f"{{{R}}}") and value in ids]
        if not used:
            continue
        if el.tag in USES and el.getparent() is not None:
            el.getparent().remove(el)
            continue
        for name in used:
            del el.attrib[name]


def _kind(rel_type: str) -> str:
    name = rel_type.rsplit("/", 1)[-1]
    return {"attachedTemplate": "attached template", "image": "linked image", "oleObject": "linked object",
            "frame": "remote frame", "subDocument": "linked subdocument"}.get(name, f"external {name}")
