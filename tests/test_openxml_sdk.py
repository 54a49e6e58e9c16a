"""Every kind of DOCX draftkit writes passes Microsoft's Open XML SDK validator (Microsoft365 rules): the
packet of each sample jurisdiction, the redlines of `draft redline --docx` for Word files edited elsewhere,
and the model's templates. All files go to the validator in one batch per session (support/openxml_sdk.py);
deliberately broken files calibrate it, so the check cannot pass by seeing nothing.

The SDK does not catch everything Word minds (duplicate revision ids, w:t inside w:del, unpaired
bookmarks...): ooxml_reader.validate_revisions and the LibreOffice round trips check those elsewhere.
It does accept `<w:zoom w:val="bestFit"/>` without `w:percent` (which the ISO XSD rejects and Word tolerates).
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import ROOT, SAMPLES
from lxml import etree
from support import libreoffice, openxml_sdk

from draftkit.cli import main as draft
from draftkit.packet import build_packet

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKET_KINDS = ("ordinance.docx", "staff_report.docx", "baseline.docx", "redline.docx")
TEMPLATES = sorted((ROOT / "templates").glob("*/*.docx"))
OAKLAND = ROOT / "jurisdictions" / "oakland.yaml"

# `draft redline --docx INPUT [option]`: the input's editor, the option, the files it writes that are DOCX.
DOCX_REDLINES = {
    "python-docx/model": ("python-docx", [], ("redline.docx", "baseline.docx")),
    "python-docx/jurisdiction": ("python-docx", ["--jurisdiction", OAKLAND], ("redline.docx", "baseline.docx")),
    "python-docx/base": ("python-docx", ["--base", "ORIGINAL"], ("redline.docx",)),
    "libreoffice/jurisdiction": ("libreoffice", ["--jurisdiction", OAKLAND], ("redline.docx", "baseline.docx")),
    "libreoffice/base": ("libreoffice", ["--base", "ORIGINAL"], ("redline.docx",)),
}
LIBREOFFICE_EDITS = [  # as in test_docx_redline: a replacement, a rewording, a deleted paragraph
    {"op": "replace", "find": "thirty (30) business days", "with": "forty-five (45) business days"},
    {"op": "replace", "find": "shall not enter into", "with": "must not enter into"},
    {"op": "delete_paragraph", "contains": "This section does not authorize an award of money damages"},
]

# Files the SDK finds fault with today: name in the batch -> the problem (xfail, strict, until fixed).
KNOWN_PROBLEMS: dict[str, str] = {}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _edit_document_xml(docx_bytes: bytes, change) -> bytes:
    """The same package with word/document.xml passed through `change(root)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, data)
    return out.getvalue()


def _ppr_out_of_order(root) -> None:
    """w:jc before w:pStyle in the first paragraph properties that have a style (pStyle must come first)."""
    ppr = root.xpath("//w:pPr[w:pStyle]", namespaces={"w": W})[0]
    jc = etree.Element(_w("jc"))
    jc.set(_w("val"), "center")
    ppr.insert(0, jc)


def _unknown_in_body(root) -> None:
    root.find(_w("body")).insert(0, etree.Element(_w("bogus")))


def _ins_in_run_properties(root) -> None:
    """A run-level w:ins mark inside a run's w:rPr (the writer's job is to wrap the run in w:ins instead)."""
    run = root.xpath("//w:body//w:r[w:t]", namespaces={"w": W})[0]
    rpr = run.find(_w("rPr"))
    if rpr is None:
        rpr = etree.Element(_w("rPr"))
        run.insert(0, rpr)
    mark = etree.SubElement(rpr, _w("ins"))
    for name, value in (("id", "9999"), ("author", "calibration"), ("date", "2020-01-01T00:00:00Z")):
        mark.set(_w(name), value)


def _rpr_out_of_order(root) -> None:
    """w:sz before w:b in a run's properties (w:b comes first; the ISO XSD does not check this order, Word does)."""
    run = root.xpath("//w:body//w:r[w:t]", namespaces={"w": W})[0]
    rpr = run.find(_w("rPr"))
    if rpr is None:
        rpr = etree.Element(_w("rPr"))
        run.insert(0, rpr)
    rpr.insert(0, etree.Element(_w("b")))
    size = etree.Element(_w("sz"))
    size.set(_w("val"), "24")
    rpr.insert(0, size)


# name -> (how to break a valid ordinance.docx, a fragment every error-finding must show)
BROKEN = {
    "pPr-children-out-of-order": (_ppr_out_of_order, "main:pStyle"),
    "rPr-children-out-of-order": (_rpr_out_of_order, "main:b'"),
    "unknown-element-in-body": (_unknown_in_body, "main:bogus"),
    "ins-inside-rPr": (_ins_in_run_properties, "main:ins"),
    "not-a-zip": (None, "cannot open"),
}


def _edit_with_python_docx(source: bytes) -> bytes:
    """A Word file changed outside draftkit: one paragraph reworded, one deleted, one added."""
    document = docx.Document(io.BytesIO(source))
    body = [p for p in document.paragraphs if len(p.text) > 80]
    reworded, deleted, before = body[2], body[4], body[6]
    reworded.runs[-1].text += " This sentence was added by the city attorney."
    deleted._element.getparent().remove(deleted._element)
    before.insert_paragraph_before("The council may review this chapter every two years.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_redline(name: str, source: Path, original: Path, folder: Path) -> dict[str, Path]:
    _editor, options, kinds = DOCX_REDLINES[name]
    out = folder / name.replace("/", "-")
    argv = ["redline", "--docx", str(source), *(str(original if o == "ORIGINAL" else o) for o in options),
            "--out", str(out)]
    assert draft(argv) == 0, f"draft {' '.join(argv)} failed"
    (written,) = [p for p in out.iterdir() if p.is_dir()]
    return {f"docx-redline/{name}/{kind}": written / kind for kind in kinds}


@pytest.fixture(scope="session")
def corpus(model, canonical, samples, tmp_path_factory) -> dict[str, Path]:
    """Every DOCX to validate, by a name that says what it is: packet/<slug>/<kind>,
    docx-redline/<editor>/<option>/<kind>, template/<file>, broken/<defect>."""
    openxml_sdk.require()
    folder = tmp_path_factory.mktemp("openxml_sdk")
    files: dict[str, Path] = {}
    packets = {slug: build_packet(j, model, canonical).files for slug, j in samples.items()}
    for slug, packet in packets.items():
        for kind in PACKET_KINDS:
            path = folder / "packet" / slug / kind
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(packet[kind])
            files[f"packet/{slug}/{kind}"] = path

    original = folder / "packet" / "oakland" / "ordinance.docx"
    inputs = {"python-docx": folder / "input-python-docx" / "oakland.docx"}
    inputs["python-docx"].parent.mkdir()
    inputs["python-docx"].write_bytes(_edit_with_python_docx(original.read_bytes()))
    if libreoffice.available() is None:
        inputs["libreoffice"] = folder / "input-libreoffice" / "oakland.docx"
        inputs["libreoffice"].parent.mkdir()
        libreoffice.edit(original, inputs["libreoffice"], LIBREOFFICE_EDITS)
    for name, (editor, _options, _kinds) in DOCX_REDLINES.items():
        if editor in inputs:
            files.update(_docx_redline(name, inputs[editor], original, folder / "redline"))

    for template in TEMPLATES:
        files[f"template/{template.parent.name}/{template.name}"] = template

    for name, (breaker, _fragment) in BROKEN.items():
        path = folder / "broken" / f"{name}.docx"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"not a zip" if breaker is None else _edit_document_xml(original.read_bytes(), breaker))
        files[f"broken/{name}"] = path
    return files


@pytest.fixture(scope="session")
def sdk(corpus) -> dict:
    """One validator run over the whole corpus: {"errors": {name: [...]}, "format", "sdk", "seconds"}."""
    names = [*corpus, "bytes/unknown-element-in-body"]  # the last one passed as bytes, not as a path
    answer = openxml_sdk.run([*corpus.values(), corpus["broken/unknown-element-in-body"].read_bytes()])
    assert [r["file"] for r in answer["results"][:-1]] == [str(p.resolve()) for p in corpus.values()]
    return dict(answer, errors={name: r["errors"] for name, r in zip(names, answer["results"])})


def _valid(sdk: dict, name: str) -> None:
    assert name in sdk["errors"], f"{name} was not produced"
    errors = list(dict.fromkeys(sdk["errors"][name]))
    assert errors == [], f"{name}: the Open XML SDK finds {len(errors)} problem(s):\n" + "\n".join(errors[:20])


def _params(names):
    return [pytest.param(n, id=n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_PROBLEMS[n]))
            if n in KNOWN_PROBLEMS else pytest.param(n, id=n) for n in names]


@pytest.mark.parametrize("name", _params(f"packet/{p.stem}/{kind}" for p in SAMPLES for kind in PACKET_KINDS))
def test_packet_file_is_valid(sdk, name):
    _valid(sdk, name)


@pytest.mark.parametrize("name", _params(f"docx-redline/{case}/{kind}" for case, (_e, _o, kinds)
                                         in DOCX_REDLINES.items() for kind in kinds))
def test_docx_redline_output_is_valid(sdk, name):
    if name.startswith("docx-redline/libreoffice/"):
        libreoffice.require()
    _valid(sdk, name)


@pytest.mark.parametrize("name", _params(f"template/{t.parent.name}/{t.name}" for t in TEMPLATES))
def test_model_template_is_valid(sdk, name):
    """The templates hold jinja tags in their text, which the schema does not see: they must be valid too."""
    _valid(sdk, name)


def test_templates_exist():
    assert TEMPLATES, "no templates/*/*.docx found: the template checks above would test nothing"


@pytest.mark.parametrize("defect", list(BROKEN))
def test_validator_catches_a_broken_docx(sdk, defect):
    """Calibration: a defect Word would 'repair' is reported, in the part and with the element at fault."""
    errors = sdk["errors"][f"broken/{defect}"]
    fragment = BROKEN[defect][1]
    assert errors, f"the SDK passed a DOCX with {defect}: the validation checks prove nothing"
    assert any(fragment in e for e in errors), errors
    if BROKEN[defect][0] is not None:
        assert all(e.startswith("/word/document.xml /w:document[1]/w:body[1]") for e in errors), errors


def test_validator_uses_the_newest_rules(sdk):
    assert sdk["format"] == "Microsoft365"


def test_validate_takes_bytes_as_well_as_paths(sdk):
    errors = sdk["errors"]
    assert errors["bytes/unknown-element-in-body"] == errors["broken/unknown-element-in-body"] != []


def test_known_problems_name_real_files(corpus):
    assert set(KNOWN_PROBLEMS) <= set(corpus), set(KNOWN_PROBLEMS) - set(corpus)

