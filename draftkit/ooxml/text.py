"""The text a reader sees in a paragraph: runs' text, tabs and breaks; no field instructions, nor the text
of text boxes (a story of its own). Also paragraph styles and provision bookmarks."""
from __future__ import annotations

from typing import NamedTuple

from lxml import etree

from .names import child, w
from .numbering import style_sheet

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
    rpr = child(run, RPR)
    mark = rpr.find(VANISH) if rpr is not None else None
    return mark is not None and mark.get(VAL, "true") not in OFF


VAL = w("val")


class Characters:
    """The characters a reader sees in a paragraph, held as columns: `text`, and for each character the run
    holding it, the element that gives it and its offset in that element's text. An index gives an Atom,
    a slice a list of them. (Columns, because a paragraph is read a character at a time only where it
    changes.)"""

    __slots__ = ("text", "runs", "elements", "offsets")

    def __init__(self, text: str, runs: list[etree._Element], elements: list[etree._Element], offsets: list[int]):
        self.text, self.runs, self.elements, self.offsets = text, runs, elements, offsets

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self.text)))]
        return Atom(self.text[k], self.runs[k], self.elements[k], self.offsets[k])

    def __iter__(self):
        return map(Atom, self.text, self.runs, self.elements, self.offsets)


def _shown(p: etree._Element):
    """The elements giving the paragraph's visible characters (w:t, w:tab, ...), each with its run: not in
    field instructions, text boxes, fallbacks or hidden runs."""
    in_instruction = False
    shown: dict[etree._Element, bool] = {}  # run -> whether it is shown (a run may hold many elements)
    for el in _own(p, _READ):
        if el.tag == FLD_CHAR:
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
            yield el, run


def atoms(p: etree._Element) -> Characters:
    """Each character a reader sees in a paragraph, in order: text, tabs and breaks; no field codes, no
    hidden text."""
    text: list[str] = []
    runs: list[etree._Element] = []
    elements: list[etree._Element] = []
    offsets: list[int] = []
    for el, run in _shown(p):
        if el.tag == T:
            value = el.text or ""
            size = len(value)
            text.append(value)
            runs += [run] * size
            elements += [el] * size
            offsets += range(size)
        else:
            text.append(TEXT_OF[el.tag])
            runs.append(run)
            elements.append(el)
            offsets.append(0)
    return Characters("".join(text), runs, elements, offsets)


def characters(p: etree._Element) -> list[tuple[str, etree._Element | None]]:
    """Each character a reader sees, with the w:rPr of its run (as `atoms`)."""
    found = atoms(p)
    formats = {run: run.find(RPR) for run in set(found.runs)}
    return [(ch, formats[run]) for ch, run in zip(found.text, found.runs)]


def offset_of(p: etree._Element, element: etree._Element, found: Characters | None = None) -> int:
    """How many of the paragraph's characters come before `element` (one of its descendants)."""
    order = {id(el): n for n, el in enumerate(p.iter())}
    at = order[id(element)]
    return sum(1 for el in (atoms(p) if found is None else found).elements if order[id(el)] < at)


def paragraph_text(p: etree._Element) -> str:
    """The text a reader sees: runs' text, tabs and breaks; no field instructions or hidden text (as
    `atoms`)."""
    if next(p.iter(*_INVOLVED), None) is None:  # most paragraphs: no fields, text boxes or hidden text
        return "".join([(el.text or "") if el.tag == T else TEXT_OF[el.tag] for el in p.iter(*TEXTUAL)
                        if el.getparent().tag == R])
    return "".join((el.text or "") if el.tag == T else TEXT_OF[el.tag] for el, _ in _shown(p))


_READ = (*TEXTUAL, FLD_CHAR)
_INVOLVED = (FLD_CHAR, VANISH, *SEPARATE)  # what makes a paragraph's text more than its runs' text in order
PPR, PSTYLE, _BOOKMARK = w("pPr"), w("pStyle"), w("bookmarkStart")
_NAME = w("name")


def style_name(p: etree._Element, styles: dict[str, str]) -> str:
    ppr = child(p, PPR)
    el = child(ppr, PSTYLE) if ppr is not None else None
    sid = el.get(VAL) if el is not None else "Normal"
    return styles.get(sid, sid)


def style_names(parts: dict[str, bytes]) -> dict[str, str]:
    """Style id -> style name, from the package's styles part (read once per process for each distinct one)."""
    return style_sheet(parts).names


def provision_key(p: etree._Element) -> str | None:
    for mark in p.iter(_BOOKMARK):
        name = mark.get(_NAME, "")
        if name.startswith(BOOKMARK_PREFIX):
            return name[len(BOOKMARK_PREFIX):]
    return None


