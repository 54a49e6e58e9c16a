"""The docxtpl adapter: a strict, autoescaped, sandboxed Jinja environment and template rendering."""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateProblem
from .filters import Fields, either, longdate, money, names, number_words, period, spelled  # noqa: F401


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


class _Template(DocxTemplate):
    """docxtpl's template, cleaning each distinct part's XML for Jinja once rather than on every render."""

    _patched: dict[str, str] = {}

    def patch_xml(self, src_xml: str) -> str:
        if src_xml not in self._patched:
            if len(self._patched) > 64:
                self._patched.clear()
            self._patched[src_xml] = super().patch_xml(src_xml)
        return self._patched[src_xml]


def render_template(path: Path, context: dict[str, Any]) -> Document:
    """Render one DOCX template; return the python-docx Document (not yet saved)."""
    template = _Template(io.BytesIO(_template_bytes(Path(path))))
    try:
        template.render(context, jinja_env=make_environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(path, f"{exc}; give it a value or guard it with {{% if %}}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(path, f"template syntax error: {exc.message}") from exc
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateProblem(path, f"the template reaches for something it may not use: {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise TemplateProblem(path, f"cannot render: {exc}") from exc
    return template.docx


def template_variables(path: Path) -> set[str]:
    """Top-level names a template uses (for the check that every one is supplied)."""
    template = DocxTemplate(io.BytesIO(_template_bytes(Path(path))))
    return set(template.get_undeclared_template_variables(make_environment()))
