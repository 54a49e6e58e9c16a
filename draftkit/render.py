"""The docxtpl adapter: a strict, autoescaped, sandboxed Jinja environment and template rendering."""
from __future__ import annotations

import io
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateProblem

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


class Fields(dict):
    """A group of context values that knows its own name, so a missing one is reported by full name."""

    def __init__(self, name: str, values: dict):
        super().__init__(values)
        self._name = name


class _StrictUndefined(jinja2.StrictUndefined):
    """Fails on any use, naming the missing variable by its full dotted name."""

    @property
    def _undefined_message(self) -> str:
        owner = getattr(self._undefined_obj, "_name", None)
        name = f"{owner}.{self._undefined_name}" if owner else self._undefined_name
        return f"`{name}` has no value"


def number_words(n: int) -> str:
    """12 -> "twelve", 365 -> "three hundred sixty-five" (0 to 999,999)."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{ONES[n // 100]} hundred" + (f" {number_words(n % 100)}" if n % 100 else "")
    return f"{number_words(n // 1000)} thousand" + (f" {number_words(n % 1000)}" if n % 1000 else "")


def longdate(value: Any) -> str:
    """A date as "June 5, 2018"; placeholder text passes through."""
    if isinstance(value, date):
        return f"{value:%B} {value.day}, {value.year}"
    if isinstance(value, str):
        return value
    raise TypeError(f"longdate expects a date, not {value!r}")


def money(value: Any) -> str:
    """5000 -> "$5,000"."""
    return f"${value:,}" if isinstance(value, int) else str(value)


def spelled(value: Any) -> str:
    """30 -> "thirty (30)", the form ordinances use for periods and counts."""
    return f"{number_words(value)} ({value})" if isinstance(value, int) and 0 <= value < 1_000_000 else str(value)


def names(values: Any) -> str:
    """["A", "B", "C"] -> "A, B and C"; an empty list -> "None"."""
    items = [str(v) for v in values or []]
    if not items:
        return "None"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def either(values: Any) -> str:
    """["A", "B", "C"] -> "A, B or C" (any one of them); an empty list -> "None"."""
    items = [str(v) for v in values or []]
    if not items:
        return "None"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def period(value: Any) -> str:
    """The text ending a sentence: a full stop added unless it already ends with one ("7650-N.S.")."""
    text = str(value)
    return text if text.rstrip().endswith((".", "?", "!")) else text + "."


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
