"""A web page saved from an online municipal code -> lines (lxml.html), block by block.

The page is parsed by libxml2's HTML parser through lxml (no regular expression touches the markup). What a
site wraps around the code is left out: scripts, styles, forms, navigation, the site's header and footer,
and everything outside the page's main content when it marks one (<main>, role="main" or <article>).
Headings (<h1>-<h6>) stay headings; every other block (<p>, <div>, <li>, a table cell...) is a paragraph,
and <br> breaks a line. Inputs are bounded: bytes, elements and the depth the parser accepts.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html

from ..errors import UnreadableDocument
from .lines import Line

MAX_BYTES = 16 * 1024 * 1024
MAX_ELEMENTS = 400_000
MAX_DEPTH = 255      # libxml2 stops parsing deeper than 256 without its 'huge' option
SKIPPED = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "nav", "header",
           "footer", "form", "button", "select", "textarea", "aside", "head", "title", "meta", "link", "canvas",
           "video", "audio", "img", "map"}
BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "tbody", "thead", "tfoot",
          "blockquote", "pre", "section", "article", "main", "body", "center", "address", "figure", "figcaption",
          "caption", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}
# A site's own parts that name themselves so in their class, id or ARIA role or label, whatever element
# holds them (<div class="breadcrumbs">, <ul id="site-menu">, <div role="navigation">); and the page header
# and footer a word processor exports as <div title="footer"> (LibreOffice's "Ordinance No. ... - page 4").
CHROME_WORDS = {"breadcrumb", "breadcrumbs", "nav", "navbar", "navigation", "menu", "menubar", "sidebar",
                "toolbar", "skiplink", "skip", "cookie", "cookies", "masthead", "pager", "pagination"}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "toolbar"}


def _encoding(data: bytes) -> str | None:
    """The encoding to impose, or None to let the parser follow the page's byte-order mark or its declared
    charset (the byte scan the HTML standard prescribes before parsing); else UTF-8 if the bytes are UTF-8,
    and Windows-1252 (what browsers assume) if not."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"charset" in data[:4096].lower():
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _parse(data: bytes, path: Path) -> etree._Element:
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(path, f"the page is larger than {MAX_BYTES:,} bytes; save only the chapter's "
                                 "own page (not the whole code)")
    if not data.strip():
        raise UnreadableDocument(path, "the page is empty; save the chapter's page again from the browser")
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
                             encoding=_encoding(data))
    try:
        root = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnreadableDocument(path, f"it is not a readable web page ({exc}); save the page again as HTML "
                                 "from the browser") from exc
    count, depth, deepest = 0, 0, 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        count += event == "start"
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if count > MAX_ELEMENTS:
        raise UnreadableDocument(path, f"the page has {count:,} elements, more than the {MAX_ELEMENTS:,} a "
                                 "chapter needs; save only the chapter's own page")
    if deepest >= MAX_DEPTH:
        raise UnreadableDocument(path, f"the page nests elements {deepest} deep, past the {MAX_DEPTH} this reader "
                                 "follows (the parser stops there); save the chapter's own page, or its text")
    return root


def _content(root: etree._Element) -> etree._Element:
    """The page's main content when it marks one, else its body."""
    for query in ("//main", "//*[@role='main']", "//article"):
        found = root.xpath(query)
        if len(found) == 1:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


def _chrome(el: etree._Element) -> bool:
    """Whether an element says it is the site's navigation, menus or banners rather than the code."""
    if (el.get("role") or "").strip().lower() in CHROME_ROLES:
        return True
    if (el.get("title") or "").strip().lower() in ("header", "footer"):  # a word processor's page header or footer
        return True
    named = " ".join(el.get(a) or "" for a in ("class", "id", "aria-label")).lower()
    return bool(CHROME_WORDS.intersection(re.split(r"[^a-z]+", named)))


def _tag(el: etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class _Lines:
    """Collects text between block boundaries into lines."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def flush(self, heading: int = 0) -> None:
        text = " ".join("".join(self.parts).split())
        self.parts = []
        if text:
            self.lines.append(Line(text, heading=heading, breaks=True))


def html_lines(data: bytes, *, path: Path) -> list[Line]:
    """The page's text as lines, one per block, headings marked with their level."""
    root = _content(_parse(data, path))
    out = _Lines()
    skipping: list[etree._Element] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = _tag(el)
        if event == "start":
            if skipping or tag in SKIPPED or el.get("aria-hidden") == "true" or _chrome(el):
                skipping.append(el)
                continue
            if tag in BLOCKS or tag == "br":
                out.flush()
            out.add(el.text)
            continue
        if skipping:
            if skipping[-1] is el:
                skipping.pop()
            if skipping:
                continue
        elif tag in BLOCKS:
            out.flush(HEADINGS.get(tag, 0))
        if el is not root:
            out.add(el.tail)
    out.flush()
    if not out.lines:
        raise UnreadableDocument(path, "the page holds no text outside scripts, menus and headers; save the "
                                 "chapter's page after it has loaded (File > Save Page As, \"complete\")")
    return out.lines
