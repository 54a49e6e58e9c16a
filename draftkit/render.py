"""The docxtpl adapter: a strict, autoescaped, sandboxed Jinja environment and template rendering.

Each template is opened once per process (and again when the file changes): python-docx reads its package
once, and every render runs docxtpl's own steps on the unchanged parts and returns the rendered ones, the
others the same bytes each time. What docxtpl would write is what comes out, part for part (tests/test_render
holds every part of every sample equal to plain docxtpl's)."""
from __future__ import annotations

import copy
import io
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from .errors import TemplateProblem
from .filters import Fields, either, longdate, money, names, number_words, period, spelled  # noqa: F401
from .ooxml.zipped import document_parts


class _StrictUndefined(jinja2.StrictUndefined):
    """Fails on any use, naming the missing variable by its full dotted name."""

    @property
    def _undefined_message(self) -> str:
        owner = getattr(self._undefined_obj, "_name", None)
        name = f"{owner}.{self._undefined_name}" if owner else self._undefined_name
        return f"`{name}` has no value"


class _Environment(SandboxedEnvironment):
    """The sandbox, compiling each distinct template source once (docxtpl asks for every part, every time)."""

    def __init__(self):
        super().__init__(undefined=_StrictUndefined, autoescape=True, keep_trailing_newline=False)
        self.filters.update(longdate=longdate, money=money, spelled=spelled, names=names, either=either,
                            period=period)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) > 64:
                self._compiled.clear()
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


@lru_cache(maxsize=1)
def make_environment() -> SandboxedEnvironment:
    """The only Jinja environment templates are rendered in (strict, autoescaped, sandboxed)."""
    return _Environment()


@lru_cache(maxsize=8)
def _template_bytes(path: Path) -> bytes:
    return path.read_bytes()


_LISTING = re.compile("[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # a paragraph as docxtpl's listing step finds it


@lru_cache(maxsize=64)
def _lined(xml: str) -> str:
    """A part's cleaned XML with each paragraph starting a line (a template's parts are the same each time)."""
    return xml.replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")


class _Template(DocxTemplate):
    """docxtpl's template, cleaning each distinct part's XML for Jinja once rather than on every render."""

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml: str) -> str:
        if src_xml not in self._patched:
            if len(self._patched) > 64:
                self._patched.clear()
            self._patched[src_xml] = super().patch_xml(src_xml)
        return self._patched[src_xml]

    def render_xml_part(self, src_xml: str, part, context: dict[str, Any], jinja_env=None) -> str:
        """docxtpl's rendering of one part's XML, step for step: each paragraph put on a line of its own (so
        a Jinja error's line is a paragraph), rendered, the lines joined again, docxtpl's escaped braces
        restored, then its listing step. The line breaks are put in and taken out by plain replacement,
        where docxtpl uses a regular expression with a group (the same text, without a Python call for each
        paragraph)."""
        self.current_rendering_part = part
        environment = jinja_env or jinja2.Environment()
        xml = environment.from_string(_lined(src_xml)).render(context)
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self.resolve_listing(xml)

    def resolve_listing(self, xml: str) -> str:
        """docxtpl's listing step turns tab, bell, newline and form-feed characters in text into Word's tabs,
        paragraphs and breaks, paragraph by paragraph (as docxtpl finds them); a paragraph with none of them
        comes out of it unchanged, so only the others are given to it."""
        if not _LISTING.search(xml):
            return xml
        step = super().resolve_listing
        return _PARAGRAPH.sub(lambda found: step(found[0]) if _LISTING.search(found[0]) else found[0], xml)


class _Opened(_Template):
    """A template whose package python-docx reads once: each render runs docxtpl's own steps (clean the
    XML for Jinja, render, resolve tabs and breaks, fix tables and drawing ids) on parts that are never
    changed, and gives the rendered parts, where plain docxtpl reopens the file and replaces them in place.
    Every other part is the same bytes on every render (so the ZIP writer deflates it once)."""

    def __init__(self, data: bytes):
        super().__init__(io.BytesIO(data))
        self.render_init()
        package = self.docx.part.package
        self._core = package._core_properties_part  # made now if the template has none, as docxtpl would
        self._core_element = copy.deepcopy(self._core._element)
        self._body = etree.tostring(self.docx.element.body, encoding="unicode")
        shell = copy.deepcopy(self.docx.element)
        self._body_at = shell.index(shell.body)
        shell.remove(shell.body)
        self._shell = shell
        self._stories = {key: rel.target_part.partname.membername for key, rel in self.docx.part.rels.items()
                         if rel.reltype in (self.HEADER_URI, self.FOOTER_URI)}
        self._notes = [(part, part.blob) for part in package.parts if part.content_type == FOOTNOTES]
        self._part_xml: dict[str, str] = {}
        self.parts = document_parts(self.docx)
        self.lock = threading.Lock()

    def get_xml(self) -> str:
        return self._body  # the body is never changed here: serialised once

    def get_part_xml(self, part) -> str:
        """A header's or footer's XML as docxtpl reads it (once: the template's parts are never changed)."""
        if part.partname not in self._part_xml:
            self._part_xml[part.partname] = super().get_part_xml(part)
        return self._part_xml[part.partname]

    def render_parts(self, context: dict[str, Any], environment) -> tuple[etree._Element, dict[str, bytes]]:
        """The rendered document element and every part (the document part itself is left to the caller,
        who may still change the element: see `document_xml`)."""
        with self.lock:
            self.pic_map, self.current_rendering_part, self.docx_ids_index = {}, None, 1000
            body = self.fix_tables(self.build_xml(context, environment))
            self.fix_docpr_ids(body)
            root = copy.deepcopy(self._shell)
            root.insert(self._body_at, body)
            parts = dict(self.parts)
            for uri in (self.HEADER_URI, self.FOOTER_URI):
                for key, xml in self.build_headers_footers_xml(context, uri, environment):
                    parts[self._stories[key]] = _reloaded(xml)
            self._core._element = copy.deepcopy(self._core_element)
            self.render_properties(context, environment)
            parts[self._core.partname.membername] = self._core.blob
            for part, blob in self._notes:
                part._blob = blob
            self.render_footnotes(context, environment)
            for part, _ in self._notes:
                parts[part.partname.membername] = part.blob
            return root, parts


FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@lru_cache(maxsize=8)
def _opened(path: Path, stamp: tuple[int, int]) -> _Opened:
    return _Opened(path.read_bytes())


@lru_cache(maxsize=32)
def _reloaded(xml: bytes) -> bytes:
    """A rendered header or footer as python-docx stores it: parsed (blank text dropped), then serialised.
    (One without Jinja in it renders the same each time.)"""
    return serialize_part_xml(parse_xml(xml))


def document_xml(root: etree._Element) -> bytes:
    """The document part of a rendered (and perhaps amended) document element, as python-docx writes it."""
    return serialize_part_xml(root)


def render_template(path: Path, context: dict[str, Any]) -> tuple[etree._Element, dict[str, bytes]]:
    """Render one DOCX template: its document element (`w:document`, to amend, then `document_xml`) and
    its parts as docxtpl would save them, the document part aside (the same bytes, a test holds)."""
    path = Path(path)
    status = path.stat()
    template = _opened(path, (status.st_mtime_ns, status.st_size))
    try:
        return template.render_parts(context, make_environment())
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(path, f"{exc}; give it a value or guard it with {{% if %}}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(path, f"template syntax error: {exc.message}") from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateProblem(path, f"the template reaches for something it may not use: {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise TemplateProblem(path, f"cannot render: {exc}") from exc


def template_variables(path: Path) -> set[str]:
    """Top-level names a template uses (for the check that every one is supplied)."""
    template = DocxTemplate(io.BytesIO(_template_bytes(Path(path))))
    return set(template.get_undeclared_template_variables(make_environment()))
