"""A model as its author wrote it, read into plain paragraphs: a Word file through the `ooxml` layer (list
labels drawn by automatic numbering kept apart from the text), or a PDF, web page or text file through the
readers of adopted texts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import UnreadableDocument
from ..ooxml.names import PARSER, w
from ..ooxml.numbering import Numbering
from ..ooxml.package import LoadedDocx, open_docx
from ..ooxml.text import paragraph_text, style_name, style_names
from ..readers import read_text_document, text_kind

LONE_LABEL = re.compile(r"^\s*(?:\((?:\d{1,3}|[A-Za-z]{1,2}|[ivxlc]{1,6})\)|(?:\d{1,3}|[A-Za-z]|[ivxlc]{1,6})[.)])\s*$")
FURNITURE = re.compile(r"word/(?:header|footer)\d*\.xml")
BLANK = re.compile(r"\[[^\[\]\n]{1,200}\]")
SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".txt", ".text")


@dataclass(frozen=True)
class SourceParagraph:
    """One paragraph of the model, in reading order.

    `index` is its place among the paragraphs the writer goes through again (a Word file's body paragraphs,
    table cells included, then those of its headers and footers); `text` is what its runs hold, without `label`, the list label Word draws in front
    of an automatically numbered paragraph.
    """

    index: int
    text: str
    style: str = ""
    label: str = ""
    in_table: bool = False
    part: str = ""          # a header's or footer's part name; "" for the body

    @property
    def in_body(self) -> bool:
        return not self.in_table and not self.part


@dataclass(frozen=True)
class ModelSource:
    """The paragraphs read, and for a Word file the opened package (the template is made from it), the
    element of each paragraph, by index, and its header and footer parts, parsed."""

    path: Path
    paragraphs: tuple[SourceParagraph, ...]
    docx: LoadedDocx | None = None
    elements: tuple[etree._Element, ...] = ()
    furniture: dict[str, etree._Element] = field(default_factory=dict)
    unread: tuple[str, ...] = ()   # what is left as written, in words


def read_model(path: Path) -> ModelSource:
    """Read a model given as .docx, .pdf or .txt; UnreadableDocument (naming the file) otherwise."""
    from ..pair import read_input

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableDocument(path, "a model is read from a Word file (.docx), a PDF with a text layer (.pdf), "
                                       "a web page (.html) or a text file (.txt)")
    data = read_input(path)
    if suffix == ".docx":
        return _docx_source(path, open_docx(data, name=str(path)))
    if text_kind(path) is None:
        raise UnreadableDocument(path, "not a PDF, web page or text file")
    document = read_text_document(path, data)
    texts = _labels_joined([(p.text, p.style) for p in document.paragraphs])
    return ModelSource(path, tuple(SourceParagraph(i, text, style) for i, (text, style) in enumerate(texts)))


def _labels_joined(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """List labels that a PDF's layout set apart from their items joined to them again: "1." above "Agency
    means...", or a column of labels ("1.", "2.") read before the column of the items they number."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(texts):
        run = 0
        while i + run < len(texts) and LONE_LABEL.match(texts[i + run][0]) and not texts[i + run][1]:
            run += 1
        items = texts[i + run:i + 2 * run]
        if run and len(items) == run and not any(style or LONE_LABEL.match(text) for text, style in items):
            out += [(f"{label.strip()} {text}", style) for (label, _), (text, style) in zip(texts[i:i + run], items)]
            i += 2 * run
        else:
            out.append(texts[i])
            i += 1
    return out


def _docx_source(path: Path, loaded: LoadedDocx) -> ModelSource:
    """The body's paragraphs with their styles and list labels, then those of the headers and footers; blanks
    in footnotes and endnotes are only named (they are left as written)."""
    styles = style_names(loaded.parts)
    located = loaded.located()
    body = [place for place in located if place.note is None]
    labels = Numbering.of(loaded.parts).labels(place.element for place in body)
    found = [SourceParagraph(i, paragraph_text(place.element), style_name(place.element, styles), label,
                             place.cell is not None) for i, (place, label) in enumerate(zip(body, labels))]
    elements = [place.element for place in body]
    furniture = {name: etree.fromstring(loaded.parts[name], PARSER) for name in sorted(loaded.parts)
                 if FURNITURE.fullmatch(name)}
    for name, root in furniture.items():
        for p in root.iter(w("p")):
            found.append(SourceParagraph(len(found), paragraph_text(p), part=name))
            elements.append(p)
    unread = tuple(f"the blank “{blank}” in a {place.note[0]}: left as written (not a field)"
                   for place in located if place.note for blank in BLANK.findall(paragraph_text(place.element)))
    return ModelSource(path, tuple(found), loaded, tuple(elements), furniture, unread)
