"""What a document holds that is kept in a redline but not compared as text: images, text boxes, embedded
objects and documents, comments, field codes, symbols, headers and footers, hidden text. Counted so the
outputs can say so."""
from __future__ import annotations

from lxml import etree

from .names import PARSER, RELS, w
from .notes import rels_name
from .text import hidden

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# (what the outputs call it, singular and plural) -> the elements that count as one each
COUNTED = {
    ("image", "images"): (f"{{{A}}}blip", f"{{{V}}}imagedata"),
    ("text box", "text boxes"): (w("txbxContent"),),
    ("embedded object", "embedded objects"): (w("object"),),
    ("comment", "comments"): (w("commentReference"),),
    ("field code", "field codes"): (w("fldSimple"), w("instrText")),
    ("symbol", "symbols"): (w("sym"),),
    ("embedded document (altChunk)", "embedded documents (altChunk)"): (w("altChunk"),),
}
# What, when present, means the text compared is not all the text a reader may see or the file holds.
INCOMPLETE = ("embedded documents (altChunk)", "embedded objects", "text boxes", "hidden words")


def not_compared(root: etree._Element, parts: dict[str, bytes], main: str) -> dict[str, int]:
    """Counts of what the document holds that is not compared, by plural name (only those present)."""
    found: dict[str, int] = {}
    for (_, many), tags in COUNTED.items():
        n = sum(1 for el in root.iter(*tags) if not _in_fallback(el))
        if n:
            found[many] = n
    stories = _header_footer_parts(parts, main)
    if stories:
        found["headers and footers"] = stories
    words = sum(len((t.text or "").split()) for run in root.iter(w("r")) if hidden(run) for t in run.iter(w("t")))
    if words:
        found["hidden words"] = words
    return found


SINGULAR = {many: one for one, many in (*COUNTED, ("header or footer", "headers and footers"),
                                         ("hidden word", "hidden words"))}


def describe(counts: dict[str, int]) -> str:
    """'2 images, 1 text box' from counts."""
    return ", ".join(f"{n:,} {SINGULAR.get(name, name) if n == 1 else name}" for name, n in counts.items())


def _in_fallback(el: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag == MC_FALLBACK:
            return True
        parent = parent.getparent()
    return False


def _header_footer_parts(parts: dict[str, bytes], main: str) -> int:
    data = parts.get(rels_name(main))
    if not data:
        return 0
    try:
        rels = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError:
        return 0
    return sum(1 for rel in rels.iter(f"{{{RELS}}}Relationship")
               if rel.get("Type") in (REL + "header", REL + "footer"))
