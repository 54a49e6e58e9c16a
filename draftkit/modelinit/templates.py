"""The imported model's templates: its ordinance made from its own paragraphs (blanks and section numbers turned
into Jinja expressions, provision bookmarks on the headings), and a simple staff report."""
from __future__ import annotations

from lxml import etree

from ..ooxml.edit import add_provision_bookmark, next_bookmark_id
from ..ooxml.names import XML_SPACE, w
from ..ooxml.settings import application_properties, current_word
from ..ooxml.text import BOOKMARK_PREFIX, atoms
from ..ooxml.zipped import deterministic_zip
from ..templatebuild import TemplateBuilder, build_text
from .guess import Edit, Reading
from .source import ModelSource

T = w("t")


def ordinance_template(source: ModelSource, reading: Reading) -> bytes:
    """The ordinance template: the Word file itself, edited in place (its styles, list numbering, headers and
    page setup kept); for a PDF or text, a new document of the same paragraphs."""
    return _from_docx(source, reading) if source.docx is not None else _from_text(source, reading)


def _from_docx(source: ModelSource, reading: Reading) -> bytes:
    loaded = source.docx
    _drop_provision_bookmarks(loaded.body)
    bookmark = next_bookmark_id(loaded.body)
    for para in source.paragraphs:
        element = source.elements[para.index]
        if para.index in reading.edits:
            apply_edits(element, reading.edits[para.index])
        found = reading.provision_at(para.index)
        if found:
            add_provision_bookmark(element, found.id, bookmark)
            bookmark += 1
    for name, root in source.furniture.items():
        loaded.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts = application_properties(current_word(loaded.current_parts()), application="draftkit")
    return deterministic_zip(parts, properties={"dc:title": "", "dc:creator": "", "cp:lastModifiedBy": ""})


def _drop_provision_bookmarks(body: etree._Element) -> None:
    """Remove provision bookmarks the model already has (a document draftkit made): the import sets its own."""
    ids = set()
    for start in list(body.iter(w("bookmarkStart"))):
        if start.get(w("name"), "").startswith(BOOKMARK_PREFIX):
            ids.add(start.get(w("id")))
            start.getparent().remove(start)
    for end in list(body.iter(w("bookmarkEnd"))):
        if end.get(w("id")) in ids:
            end.getparent().remove(end)


def apply_edits(p: etree._Element, edits: list[Edit]) -> None:
    """Replace spans of a paragraph's visible text; each replacement takes the formatting of the run where its
    span begins. Edits must not overlap."""
    chars = atoms(p)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        span = chars[edit.start:edit.end]
        if not span:
            continue
        inserted = False
        for element, offsets in _by_element(span):
            if element.tag != T:  # a tab or a break inside the span
                if not inserted:
                    text = etree.SubElement(element.getparent(), T)
                    element.addprevious(text)
                    text.text, inserted = edit.text, True
                    text.set(XML_SPACE, "preserve")
                element.getparent().remove(element)
                continue
            value = element.text or ""
            lo, hi = min(offsets), max(offsets) + 1
            element.text = value[:lo] + ("" if inserted else edit.text) + value[hi:]
            element.set(XML_SPACE, "preserve")
            inserted = True


def _by_element(span) -> list[tuple[etree._Element, list[int]]]:
    out: list[tuple[etree._Element, list[int]]] = []
    for atom in span:
        if out and out[-1][0] is atom.element:
            out[-1][1].append(atom.offset)
        else:
            out.append((atom.element, [atom.offset]))
    return out


def edited_text(text: str, edits: list[Edit]) -> str:
    """A paragraph's text with its edits made."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def _from_text(source: ModelSource, reading: Reading) -> bytes:
    builder = TemplateBuilder()
    first = reading.provisions[0].index if reading.provisions else 0
    for para in source.paragraphs:
        text = edited_text(para.text, reading.edits.get(para.index, []))
        found = reading.provision_at(para.index)
        if found:
            builder.bookmark(builder.paragraph(text, style="Heading 2"), f"prov_{found.id}")
        elif para.index < first and para.text.isupper():
            builder.paragraph(text, style="Subtitle")
        else:
            builder.paragraph(text)
    return builder.to_bytes()


STAFF_REPORT = """\
@footer Staff report: {{ model.name }}
= Staff Report
**TO:**\tThe governing body of the {{ jurisdiction.full_name }}
**FROM:**\t{{ staff_report.author }}
**DATE:**\t{{ staff_report.date|longdate }}
**SUBJECT:**\t{{ model.name }}{% if ordinance.number %}, Ordinance No. {{ ordinance.number }}{% endif %}
# Recommendation
Consider the ordinance in Attachment 1, drafted for {{ jurisdiction.name }} from the model ordinance "{{ model.name }}", \
and introduce it{% if ordinance.status == "introduced" %} (it was introduced on {{ ordinance.introduced|longdate }}){% endif %}\
{% if ordinance.status == "adopted" %} (it was adopted on {{ ordinance.adopted|longdate }}){% endif %}.
# Departures from the Model Ordinance
This section lists each place where the ordinance differs from the model ordinance as it would read for \
{{ jurisdiction.name }}, with only {{ jurisdiction.name }}'s own blanks filled in. Attachment 2 shows the same changes \
as a redline.
{%p for d in departures %}
**{% if d.section %}Section {{ d.section }} – {% endif %}{{ d.title }} ({{ d.kind }}; {{ d.summary }})**
> *Model:* {% if d.model %}{{ d.model }}{% else %}(no corresponding text in the model){% endif %}
> *This draft:* {% if d.draft %}{{ d.draft }}{% else %}(omitted from this draft){% endif %}
{%p endfor %}
{%p if not departures %}
The ordinance follows the model without change: apart from {{ jurisdiction.name }}'s own blanks, its text is the \
text of the model.
{%p endif %}
# Attachments
> 1. The ordinance
> 2. Redline comparing the ordinance with the model ordinance
"""


def staff_report_template() -> bytes:
    """A simple staff report: to whom, from whom, the recommendation and the departures from the model."""
    return build_text(STAFF_REPORT)
