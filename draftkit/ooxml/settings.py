"""Document settings and extended properties: current Word compatibility, a valid zoom, track changes on,
and an app.xml that names the application that wrote the file (not the template it came from).

Each function takes a package's parts and returns them with the one part changed; nothing else is read.
"""
from __future__ import annotations

from functools import lru_cache

from lxml import etree

from .names import PARSER, w

SETTINGS = "word/settings.xml"
APP = "docProps/app.xml"
WORD_URI = "http://schemas.microsoft.com/office/word"
COMPATIBILITY_MODE = "15"  # Word 2013 and later: no "Compatibility Mode" banner
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VTYPES = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

# The children of w:settings in schema order (ECMA-376 Part 1, 17.15.1.78); Word rejects another order.
ORDER = tuple(w(t) for t in (
    "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
    "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
    "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
    "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors "
    "activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
    "stylePaneSortMethod documentType mailMerge revisionView trackRevisions doNotTrackMoves doNotTrackFormatting "
    "documentProtection autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
    "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle "
    "defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
    "drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
    "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
    "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
    "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
    "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly "
    "useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults "
    "footnotePr endnotePr compat docVars rsids").split())


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _child(settings: etree._Element, tag: str) -> etree._Element:
    """The settings child `tag`, created in its schema place if missing."""
    found = settings.find(tag)
    if found is not None:
        return found
    made = etree.Element(tag)
    rank = ORDER.index(tag)
    later = next((c for c in settings if c.tag not in ORDER or ORDER.index(c.tag) > rank), None)
    if later is None:
        settings.append(made)
    else:
        later.addprevious(made)
    return made


def _zoom(settings: etree._Element) -> None:
    """w:zoom must carry w:percent (the schema requires it; python-docx's template leaves it out)."""
    zoom = _child(settings, w("zoom"))
    if zoom.get(w("percent")) is None:
        zoom.set(w("percent"), "100")


def _compatibility(settings: etree._Element) -> None:
    compat = _child(settings, w("compat"))
    mode = next((s for s in compat.findall(w("compatSetting")) if s.get(w("name")) == "compatibilityMode"), None)
    if mode is None:
        mode = etree.SubElement(compat, w("compatSetting"))
        mode.set(w("name"), "compatibilityMode")
        mode.set(w("uri"), WORD_URI)
    mode.set(w("val"), COMPATIBILITY_MODE)


def _edit_settings(parts: dict[str, bytes], *changes) -> dict[str, bytes]:
    if SETTINGS not in parts:
        return parts
    return {**parts, SETTINGS: _edited(parts[SETTINGS], changes)}


@lru_cache(maxsize=32)
def _edited(settings: bytes, changes: tuple) -> bytes:
    """A settings part with the changes made (each distinct part once: a batch's documents share theirs)."""
    root = etree.fromstring(settings, PARSER)
    for change in changes:
        change(root)
    return _xml(root)


def current_word(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Settings for current Word: compatibility mode 15 and a zoom with its percentage."""
    return _edit_settings(parts, _compatibility, _zoom)


def track_changes(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Settings that turn Track Changes on when the document is opened, so a reader's edits are tracked."""
    return _edit_settings(parts, _track_revisions, _zoom)


def _track_revisions(settings: etree._Element) -> None:
    _child(settings, w("trackRevisions"))


def application_properties(parts: dict[str, bytes], *, application: str) -> dict[str, bytes]:
    """docProps/app.xml naming the application that wrote the document, and no counts or template from
    another document (Word recomputes pages and words when it saves)."""
    if APP not in parts:
        return parts
    root = etree.Element(f"{{{EXTENDED}}}Properties", nsmap={None: EXTENDED, "vt": VTYPES})
    for tag, text in (("Application", application), ("DocSecurity", "0"), ("ScaleCrop", "false"),
                      ("LinksUpToDate", "false"), ("SharedDoc", "false"), ("HyperlinksChanged", "false")):
        etree.SubElement(root, f"{{{EXTENDED}}}{tag}").text = text
    return {**parts, APP: _xml(root)}
