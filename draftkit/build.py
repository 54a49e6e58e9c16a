"""The drafting pipeline for one jurisdiction: render the ordinance, its baseline and the staff report."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .amend import apply_amendments
from .context import Plan, build_context, plan_sections
from .document import DocumentText
from .docx_text import read_sections
from .jurisdiction import Jurisdiction
from .model import Model, get
from .ooxml.names import w
from .ooxml.package import DOCUMENT, LoadedDocx, own_docx
from .ooxml.settings import APP, SETTINGS, application_properties, current_word
from .ooxml.zipped import CORE, core_xml, deterministic_zip


@dataclass(frozen=True)
class Rendered:
    """One rendered ordinance: the jurisdiction it is for, its section plan, its package parts, its DOCX
    and its text."""

    jurisdiction: Jurisdiction
    plan: Plan
    parts: dict[str, bytes]
    docx: bytes
    text: DocumentText
    spare: list[LoadedDocx] = field(default_factory=list, compare=False, repr=False)  # read, never changed

    def loaded(self) -> LoadedDocx:
        """A fresh, changeable tree of the document (for writing a redline into): the first is the one its
        text was read from (reading changes nothing), later ones are parsed again."""
        try:
            return self.spare.pop()
        except IndexError:  # given already (or to another thread at the same moment)
            return own_docx(self.parts, name=f"{self.jurisdiction.slug}/ordinance.docx")


def _properties(j: Jurisdiction, model: Model, title: str) -> dict[str, str]:
    """Core document properties from the YAML (never the clock)."""
    full_name = get(j.data, model.role("display", "full_name"))
    author = get(j.data, model.role("revision", "author"))
    day = get(j.data, model.role("revision", "date"))
    props = {"dc:title": title, "dc:subject": f"{model.name}: {full_name}", "dc:creator": str(author),
             "cp:lastModifiedBy": str(author), "cp:keywords": model.name,
             "dc:description": f"Drafted from the model ordinance {model.version}"}
    if isinstance(day, date):
        stamp = f"{day.isoformat()}T00:00:00Z"
        props.update({"dcterms:created": stamp, "dcterms:modified": stamp})
    return props


APPLICATION = "draftkit"


def own_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """A rendered document's parts as this toolkit writes them: current Word settings, and properties
    naming the application that wrote it rather than the template's."""
    fixed = _fixed_parts(parts.get(SETTINGS), parts.get(APP))
    return {**parts, **fixed}


@lru_cache(maxsize=16)
def _fixed_parts(settings: bytes | None, app: bytes | None) -> dict[str, bytes]:
    """The settings and app.xml parts as `own_parts` writes them (the same for every render of a template)."""
    given = {name: data for name, data in ((SETTINGS, settings), (APP, app)) if data is not None}
    return application_properties(current_word(given), application=APPLICATION)


def render_ordinance(j: Jurisdiction, model: Model) -> Rendered:
    """Render the ordinance for a jurisdiction (or the model itself), amendments applied."""
    from .render import document_xml, render_template

    plan = plan_sections(j, model)
    root, parts = render_template(model.templates["ordinance"], build_context(j, model, plan))
    apply_amendments(root.find(w("body")), plan)
    full_name = get(j.data, model.role("display", "full_name"))
    parts = own_parts({**parts, DOCUMENT: document_xml(root)})
    parts[CORE] = core_xml(parts[CORE], _properties(j, model, f"{model.name}, {full_name}"))  # as written
    data = deterministic_zip(parts, properties=None)
    document = own_docx(parts, name=f"{j.slug}/ordinance.docx")
    return Rendered(j, plan, parts, data, read_sections(document), [document])


def render_staff_report(j: Jurisdiction, model: Model, plan: Plan, departures: Iterable[Any]) -> bytes:
    """Render the staff report, with the departures from the model it must list."""
    from .render import document_xml, render_template

    root, parts = render_template(model.templates["staff_report"], build_context(j, model, plan, departures))
    full_name = get(j.data, model.role("display", "full_name"))
    return deterministic_zip(own_parts({**parts, DOCUMENT: document_xml(root)}),
                             properties=_properties(j, model, f"Staff report: {model.name}, {full_name}"))
