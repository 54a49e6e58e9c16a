"""The text a reader sees in a paragraph: runs' text, tabs and breaks; no field instructions, nor the text
of text boxes (a story of its own). Also paragraph styles and provision bookmarks."""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from lxml import etree

from .names import PARSER, w

BOOKMARK_PREFIX = "prov_"

T, TAB, PTAB, BR, CR, NB_HYPHEN, FLD_CHAR, R = (w(t) for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen",
                                                               "fldChar", "r"))
FLD_TYPE = w("fldCharType")
TEXT_OF = {TAB: "\t", PTAB: "\t", BR: "\n", CR: "\n", NB_HYPHEN: "-"}
TEXTUAL = (T, TAB, PTAB, BR, CR, NB_HYPHEN)
RPR, VANISH = w("rPr"), w("vanish")
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Subtrees whose text is not the paragraph's own: text boxes (DrawingML and VML alike hold their
# paragraphs in w:txbxContent) and the fallback copy of alternate content.
SEPARATE = (w("txbxContent"), f"{{{MC}}}Fallback")


class Atom(NamedTuple):
    """One character a reader sees: the run holding it, the element that gives it (w:t, w:tab...) and,
    for w:t, its offset in that element's text. (A tuple: a paragraph makes one per character.)"""

    char: str
    run: etree._Element
    element: etree._Element
    offset: int = 0


def _own(p: etree._Element, tags: tuple[str, ...]):
    """Elements with `tags` in the paragraph's own text, in order: not in text boxes or fallbacks."""
    found = p.iter(*tags, *SEPARATE)
    skip: list[etree._Element] = []
    for el in found:
        if el.tag in SEPARATE:
            skip.append(el)
            continue
        if skip and any(_inside(el, s) for s in skip):
            continue
        yield el


def _inside(el: etree._Element, ancestor: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


OFF = ("0", "false", "off")


def hidden(run: etree._Element) -> bool:
    """Whether a run's own formatting hides it (w:vanish): Word does not show it, so it is not compared."""
    mark = run.find(_VANISH_PATH)
    return mark is not None and mark.get(VAL, "true") not in OFF


_VANISH_PATH, VAL = f"{RPR}/{VANISH}", w("val")


def atoms(p: etree._Element) -> list[Atom]:
    """Each character a reader sees in a paragraph, in order: text, tabs and breaks; no field codes, no
    hidden text."""
    out: list[Atom] = []
    in_instruction = False
    for el in _own(p, _READ):
        if el.tag == FLD_CHAR:
            kind = el.get(FLD_TYPE)
            in_instruction = kind == "begin" or (in_instruction and kind not in ("separate", "end"))
            continue
        run = el.getparent()
        if in_instruction or run is None or run.tag != R or hidden(run):
            continue
        if el.tag == T:
            out += [Atom(ch, run, el, i) for i, ch in enumerate(el.text or "")]
        else:
            out.append(Atom(TEXT_OF[el.tag], run, el))
    return out


def characters(p: etree._Element) -> list[tuple[str, etree._Element | None]]:
    """Each character a reader sees, with the w:rPr of its run (as `atoms`)."""
    return [(a.char, a.run.find(RPR)) for a in atoms(p)]




def offset_of(p: etree._Element, element: etree._Element, found: list[Atom] | None = None) -> int:
    """How many of the paragraph's characters come before `element` (one of its descendants)."""
    order = {id(el): n for n, el in enumerate(p.iter())}
    at = order[id(element)]
    return sum(1 for a in (atoms(p) if found is None else found) if order[id(a.element)] < at)


def paragraph_text(p: etree._Element) -> str:
    """The text a reader sees: runs' text, tabs and breaks; no field instructions or hidden text (as
    `atoms`)."""
    out: list[str] = []
    in_instruction = False
    shown: dict[etree._Element, bool] = {}  # run -> whether it is shown (a run may hold many w:t)
    for el in _own(p, _READ):
        tag = el.tag
        if tag == FLD_CHAR:
            kind = el.get(FLD_TYPE)
            in_instruction = kind == "begin" or (in_instruction and kind not in ("separate", "end"))
            continue
        if in_instruction:
            continue
        run = el.getparent()
        if run is None or run.tag != R:
            continue
        visible = shown.get(run)
        if visible is None:
            visible = shown[run] = not hidden(run)
        if visible:
            out.append((el.text or "") if tag == T else TEXT_OF[tag])
    return "".join(out)


_READ = (*TEXTUAL, FLD_CHAR)
_STYLE_PATH, _BOOKMARK = f"{w('pPr')}/{w('pStyle')}", w("bookmarkStart")
_NAME = w("name")


def style_name(p: etree._Element, styles: dict[str, str]) -> str:
    el = p.find(_STYLE_PATH)
    sid = el.get(VAL) if el is not None else "Normal"
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
    for mark in p.iter(_BOOKMARK):
        name = mark.get(_NAME, "")
        if name.startswith(BOOKMARK_PREFIX):
            return name[len(BOOKMARK_PREFIX):]
    return None


