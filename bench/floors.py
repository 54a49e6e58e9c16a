"""The floors a packet is measured against: docxtpl rendering its templates with each one compiled once (as
draftkit compiles them; the output is the same bytes as plain docxtpl's), and serialising and deflating its
four DOCX files. Neither can be beaten by any way of producing the packet; the ratios to them say how much
the rest costs."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any, ClassVar

import jinja2
import stages
from docxtpl import DocxTemplate
from lxml import etree
from stages import floor_environment, staged_packet

from draftkit.jurisdiction import Jurisdiction
from draftkit.model import Model


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


class _CachedTemplate(DocxTemplate):
    """Plain docxtpl, with the one cache any user rendering a template many times would add: each distinct
    part's XML cleaned for Jinja once (the output is the same, byte for byte)."""

    _patched: ClassVar[dict[str, str]] = {}

    def patch_xml(self, src_xml: str) -> str:
        if src_xml not in self._patched:
            self._patched[src_xml] = super().patch_xml(src_xml)
        return self._patched[src_xml]


class CachedEnvironment(jinja2.Environment):
    """A Jinja environment that compiles each distinct template source once."""

    def __init__(self):
        super().__init__()
        self.filters.update(floor_environment().filters)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


def cached_floor_render(template: bytes, context: dict[str, Any], env: CachedEnvironment) -> tuple[float, bytes]:
    """Seconds for docxtpl with its template compiled once: open, render(autoescape=True), save to memory."""
    start = stages.timer()
    document = _CachedTemplate(io.BytesIO(template))
    document.render(context, jinja_env=env, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return stages.timer() - start, out.getvalue()


def plain_render(template: bytes, context: dict[str, Any]) -> bytes:
    """Uncached docxtpl's output, to check that the cache changes nothing."""
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, jinja_env=floor_environment(), autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def package_trees(files: dict[str, bytes]) -> list[list[tuple[str, Any]]]:
    """Each DOCX file of a packet as its parts: XML parts parsed (as the pipeline holds them), others bytes."""
    found = []
    for name, data in files.items():
        if name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                found.append([(n, etree.fromstring(package.read(n)) if n.endswith((".xml", ".rels"))
                               else package.read(n)) for n in package.namelist()])
    return found


def serialisation_floor(packages: list[list[tuple[str, Any]]]) -> float:
    """Seconds to serialise every part of the packet's DOCX files and deflate them into packages: what no
    way of producing those files can avoid."""
    start = stages.timer()
    for parts in packages:
        with zipfile.ZipFile(io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as package:
            for name, part in parts:
                package.writestr(name, part if isinstance(part, bytes) else
                                 etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True))
    return stages.timer() - start



CACHED_RENDERS = (("ordinance", "ordinance"), ("baseline", "ordinance"), ("staff_report", "staff_report"))


def same_cached_output(item: tuple[str, str], templates: dict[str, bytes], model: Model, canonical: Jurisdiction,
                       env) -> bool:
    """Whether docxtpl with its template compiled once writes what plain docxtpl writes, part for part, byte for
    byte (the ZIP's own time stamps, which python-docx takes from the clock, aside)."""
    run = staged_packet(Path(f"{item[0]}.yaml"), item[1], model, canonical)
    return all(_parts(cached_floor_render(templates[t], run.contexts[n], env)[1]) ==
               _parts(plain_render(templates[t], run.contexts[n])) for n, t in CACHED_RENDERS)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def print_floors(figures: dict, target: float) -> None:
    """The packet against floors that do only what it cannot avoid: docxtpl rendering its templates, each
    compiled once as draftkit compiles them, and serialising and deflating its four DOCX files."""
    f = figures["in_process"]
    packet, cached, serial = f["packet_median_s"], f["cached_floor_median_s"], f["serialisation_floor_median_s"]
    f["ratio_packet_to_cached_floor"] = {k: packet / v for k, v in cached.items()}
    f["ratio_packet_to_serialisation_floor"] = packet / serial
    same = "yes" if f["cached_output_identical"] else "NO"
    print(f"{'floor: cached docxtpl, 2 renders':<34}{ms(cached['two'])}   (ordinance + staff report; output identical "
          f"to uncached docxtpl: {same})")
    print(f"{'floor: cached docxtpl, 3 renders':<34}{ms(cached['three'])}   (with the baseline, which the packet "
          "renders too)")
    print(f"{'floor: serialise + deflate 4 DOCX':<34}{ms(serial)}")
    two = packet / cached["two"]
    print(f"RATIO full packet / cached docxtpl floor of its two renders: {two:.2f}x (target <= {target:g}x) "
          f"{'ok' if two <= target else 'MISSED'}; of its three renders: {packet / cached['three']:.2f}x")
    print(f"RATIO full packet / serialisation floor: {packet / serial:.2f}x")


