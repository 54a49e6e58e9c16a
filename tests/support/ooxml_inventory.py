"""What a DOCX holds besides its text, counted: the features a redline must not lose.

`inventory(path, view="accepted")` walks the main document part and the header, footer, footnote, endnote
and comment parts it relates to, skipping what the view removes, and returns a Counter with keys such as

    "comment", "comment: <text>", "comment range", "comment reference"
    "field PAGE", "field REF", "field DATE", "field SEQ" ...   (w:fldSimple and complex-field begins)
    "hyperlink", "hyperlink https://..." / "hyperlink #anchor"
    "bookmark <name>"                                      (names starting with "_" left out: Word's and
                                                            LibreOffice's hidden _GoBack / _Toc / _Ref marks)
    "sdt", "sdt <tag>"
    "drawing", "image", "text box", "vml picture"
    "symbol <font> <char>", "break textWrapping", "break page", "break column"
    "header part", "footer part", "header <type>", "footer <type>"
    "sectPr", "orientation portrait" / "orientation landscape"
    "footnote reference", "endnote reference"
    "table", "table row", "numbered paragraph"

Views: "accepted" leaves out w:del / w:moveFrom content, rows marked w:trPr/w:del and paragraphs whose mark
is deleted (for "numbered paragraph"), and old properties kept in w:*PrChange; "rejected" the same with
insertions; "as_is" counts everything. Content of mc:Fallback is never counted (its mc:Choice is). A
comment counts once in comments.xml whatever the view. Independent of draftkit (lxml only).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from lxml import etree

from .ooxml_numbering import num_ref
from .ooxml_reader import REL_NS, Package, load_package, w

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
V = "urn:schemas-microsoft-com:vml"
PROPERTY_CHANGES = {w(t) for t in ("pPrChange", "rPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                                   "tcPrChange", "tblGridChange", "tblPrExChange", "numberingChange")}
GONE = {"accepted": {w("del"), w("moveFrom")}, "rejected": {w("ins"), w("moveTo")}, "as_is": set()}
ROW_GONE = {"accepted": "del", "rejected": "ins", "as_is": None}


def _targets(package: Package, part: str) -> dict[str, str]:
    rels = package.rels.get(part)
    if rels is None:
        return {}
    return {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{REL_NS}}}Relationship")}


class _Counter:
    def __init__(self, package: Package, view: str) -> None:
        self.package, self.view, self.out = package, view, Counter()
        self.numbering = package.numbering()
        self.gone = GONE[view]
        self.fields: list[list[str] | None] = []  # open complex fields: instruction pieces until separate

    def walk(self, el: etree._Element, part: str, targets: dict[str, str]) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in self.gone or tag == f"{{{MC}}}Fallback":
            return
        if tag in PROPERTY_CHANGES and self.view != "as_is":
            return  # the other side's properties (the rejected view would need them; see the docstring)
        if tag == w("tr") and ROW_GONE[self.view]:
            tr_pr = el.find(w("trPr"))
            if tr_pr is not None and tr_pr.find(w(ROW_GONE[self.view])) is not None:
                return
        self.count(el, part, targets)
        for child in el:
            self.walk(child, part, targets)

    def count(self, el: etree._Element, part: str, targets: dict[str, str]) -> None:
        tag, out = el.tag, self.out
        if tag in (w("commentReference"), w("footnoteReference"), w("endnoteReference")):
            out[{w("commentReference"): "comment reference", w("footnoteReference"): "footnote reference",
                 w("endnoteReference"): "endnote reference"}[tag]] += 1
        elif tag == w("commentRangeStart"):
            out["comment range"] += 1
        elif tag == w("fldSimple"):
            out[f"field {_keyword(el.get(w('instr'), ''))}"] += 1
        elif tag == w("fldChar"):
            kind = el.get(w("fldCharType"))
            if kind == "begin":
                self.fields.append([])
            elif kind in ("separate", "end") and self.fields:
                pieces = self.fields[-1]
                if pieces is not None:
                    out[f"field {_keyword(''.join(pieces))}"] += 1
                    self.fields[-1] = None
                if kind == "end":
                    self.fields.pop()
        elif tag in (w("instrText"), w("delInstrText")) and self.fields and self.fields[-1] is not None:
            self.fields[-1].append(el.text or "")
        elif tag == w("hyperlink"):
            out["hyperlink"] += 1
            rid, anchor = el.get(f"{{{R}}}id"), el.get(w("anchor"))
            out[f"hyperlink {targets.get(rid, '<missing relationship>') if rid else '#' + (anchor or '')}"] += 1
        elif tag == w("bookmarkStart"):
            name = el.get(w("name"), "")
            if not name.startswith("_"):
                out[f"bookmark {name}"] += 1
        elif tag == w("sdt"):
            out["sdt"] += 1
            tag_el = el.find(f"{w('sdtPr')}/{w('tag')}")
            if tag_el is not None:
                out[f"sdt {tag_el.get(w('val'))}"] += 1
        elif tag == w("drawing"):
            out["drawing"] += 1
        elif (tag == f"{{{A}}}blip" and (el.get(f"{{{R}}}embed") or el.get(f"{{{R}}}link"))) or \
                tag == f"{{{V}}}imagedata":
            out["image"] += 1
        elif tag == w("pict"):
            out["vml picture"] += 1
        elif tag == w("txbxContent"):
            out["text box"] += 1
        elif tag == w("sym"):
            out[f"symbol {el.get(w('font'))} {el.get(w('char'))}"] += 1
        elif tag == w("br"):
            out[f"break {el.get(w('type'), 'textWrapping')}"] += 1
        elif tag in (w("headerReference"), w("footerReference")):
            out[f"{etree.QName(el).localname[:-9]} {el.get(w('type'), 'default')}"] += 1
        elif tag == w("sectPr"):
            out["sectPr"] += 1
            size = el.find(w("pgSz"))
            out[f"orientation {size.get(w('orient'), 'portrait') if size is not None else 'portrait'}"] += 1
        elif tag == w("tbl"):
            out["table"] += 1
        elif tag == w("tr"):
            out["table row"] += 1
        elif tag == w("p") and part == self.package.main_name:
            self.paragraph(el)

    def paragraph(self, p: etree._Element) -> None:
        ppr = p.find(w("pPr"))
        mark = ppr.find(w("rPr")) if ppr is not None else None
        if mark is not None and any(mark.find(tag) is not None for tag in self.gone):
            return  # the paragraph merges with the next one in this view
        if self.view == "rejected" and ppr is not None and ppr.find(w("pPrChange")) is not None:
            ref = num_ref(ppr.find(w("pPrChange")).find(w("pPr")))
        else:
            ref = num_ref(ppr)
        if self.numbering.resolve(ref) is not None:
            self.out["numbered paragraph"] += 1


def _keyword(instr: str) -> str:
    words = instr.split()
    return words[0].upper() if words else "<empty>"


def inventory_of_package(package: Package, view: str = "accepted") -> Counter:
    counter = _Counter(package, view)
    counter.walk(package.main, package.main_name, _targets(package, package.main_name))
    for kind in ("header", "footer", "footnotes", "endnotes"):
        for name, root in package.related.get(kind, []):
            if kind in ("header", "footer"):
                counter.out[f"{kind} part"] += 1
            counter.walk(root, name, _targets(package, name))
    for name, root in package.related.get("comments", []):
        for comment in root.iter(w("comment")):
            counter.out["comment"] += 1
            counter.out["comment: " + "".join(t.text or "" for t in comment.iter(w("t"))).strip()] += 1
        counter.walk(root, name, _targets(package, name))
    return +counter.out


def inventory(path: str | Path, view: str = "accepted") -> Counter:
    """The feature counts of the DOCX at `path` in `view` ("accepted" by default)."""
    return inventory_of_package(load_package(path), view)
