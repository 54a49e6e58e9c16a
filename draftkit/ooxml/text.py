"""The text a reader sees in a paragraph: runs' text, tabs, breaks and symbols; no field instructions."""
from __future__ import annotations

from functools import lru_cache

from lxml import etree

from .names import PARSER, w

BOOKMARK_PREFIX = "prov_"

T, TAB, BR, CR, NB_HYPHEN, FLD_CHAR, R = (w(t) for t in ("t", "tab", "br", "cr", "noBreakHyphen", "fldChar", "r"))
FLD_TYPE = w("fldCharType")
TEXT_OF = {TAB: "\t", BR: "\n", CR: "\n", NB_HYPHEN: "-"}


def characters(p: etree._Element) -> list[tuple[str, etree._Element | None]]:
    """Each character a reader sees, with the w:rPr of its run: text, tabs and breaks, no field codes."""
    out: list[tuple[str, etree._Element | None]] = []
    in_instruction = False
    for el in p.iter():
        tag = el.tag
        if tag == w("fldChar"):
            kind = el.get(w("fldCharType"))
            in_instruction = kind == "begin" or (in_instruction and kind not in ("separate", "end"))
            continue
        if in_instruction or el.getparent() is None or el.getparent().tag != w("r"):
            continue
        rpr = el.getparent().find(w("rPr"))
        if tag == w("t"):
            out += [(ch, rpr) for ch in el.text or ""]
        elif tag == w("tab"):
            out.append(("\t", rpr))
        elif tag in (w("br"), w("cr")):
            out.append(("\n", rpr))
        elif tag == w("noBreakHyphen"):
            out.append(("-", rpr))
    return out


def paragraph_text(p: etree._Element) -> str:
    """The text a reader sees: runs' text, tabs and breaks; no field instructions (as `characters`)."""
    out: list[str] = []
    in_instruction = False
    for el in p.iter(T, TAB, BR, CR, NB_HYPHEN, FLD_CHAR):
        if el.tag == FLD_CHAR:
            kind = el.get(FLD_TYPE)
            in_instruction = kind == "begin" or (in_instruction and kind not in ("separate", "end"))
        elif not in_instruction and el.getparent() is not None and el.getparent().tag == R:
            out.append(el.text or "" if el.tag == T else TEXT_OF[el.tag])
    return "".join(out)


def style_name(p: etree._Element, styles: dict[str, str]) -> str:
    el = p.find(f"{w('pPr')}/{w('pStyle')}")
    sid = el.get(w("val")) if el is not None else "Normal"
    return styles.get(sid, sid)


def style_names(parts: dict[str, bytes]) -> dict[str, str]:
    return _style_names_of(parts.get("word/styles.xml") or b"")


@lru_cache(maxsize=16)
def _style_names_of(xml: bytes) -> dict[str, str]:
    """Style id -> style name (cached: most documents share their template's styles part)."""
    if not xml:
        return {}
    try:
        root = etree.fromstring(xml, PARSER)
    except etree.XMLSyntaxError:
        return {}
    names = {}
    for style in root.iter(w("style")):
        name = style.find(w("name"))
        names[style.get(w("styleId"), "")] = name.get(w("val")) if name is not None else ""
    return names


def provision_key(p: etree._Element) -> str | None:
    for mark in p.iter(w("bookmarkStart")):
        name = mark.get(w("name"), "")
        if name.startswith(BOOKMARK_PREFIX):
            return name[len(BOOKMARK_PREFIX):]
    return None


