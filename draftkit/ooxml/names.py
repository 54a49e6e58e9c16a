"""Namespaces and qualified names of WordprocessingML, and the safe XML parser every part is read with."""
from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NSMAP = {"w": W, "r": R}
SAFE_XML = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
PARSER = etree.XMLParser(**SAFE_XML, remove_blank_text=False)


def w(tag: str) -> str:
    """The Clark name of a w: element or attribute: w("p") -> "{...main}p"."""
    return f"{{{W}}}{tag}"


def child(parent: etree._Element, tag: str) -> etree._Element | None:
    """The first child with the Clark name `tag` (what parent.find(tag) gives), looking at the first child
    before searching: the schema puts properties (w:pPr, w:rPr, w:pStyle) first, where they nearly always are."""
    if len(parent) and parent[0].tag == tag:
        return parent[0]
    return parent.find(tag)
