"""`draft serve` through Flask's test client: the form generated from the schema, the command line's problems,
the preview, saves in `draft new`'s form, the packet ZIP byte for byte as `draft build` writes it, and the
defences (CSRF, upload limits, hostile files, names with paths, conflicting saves, foreign Host headers)."""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT, SAMPLES
from werkzeug.datastructures import MultiDict

from draftkit.cli import main
from draftkit.jurisdiction import load_jurisdiction
from draftkit.scaffold import scaffold
from draftkit.serve.app import create_app
from draftkit.serve.form import build_fields

JSON = {"Accept": "application/json"}


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "jurisdictions"
    shutil.copytree(ROOT / "jurisdictions", target)
    return target


@pytest.fixture
def client(model, folder, monkeypatch):
    monkeypatch.chdir(folder.parent)  # messages name files as jurisdictions/<name>.yaml, as `draft validate` does
    return create_app(model, folder=folder, trusted_hosts=["localhost"]).test_client()


def form_of(page: bytes) -> MultiDict:
    """What a browser would post from the page's form (no script: templates and switched-off groups left out)."""
    doc = lxml.html.fromstring(page)
    for dropped in [*doc.iter("template"), *doc.xpath("//fieldset[@disabled]")]:
        dropped.drop_tree()
    values = doc.get_element_by_id("draft").form_values()
    textareas = {el.get("name") for el in doc.iter("textarea")}  # a browser drops a textarea's first line break
    return MultiDict([(k, v[1:] if k in textareas and v.startswith("\n") else v) for k, v in values])


def opened(client, url: str) -> MultiDict:
    page = client.get(url)
    assert page.status_code == 200, page.data[:500]
    return form_of(page.data)


def changed(form: MultiDict, **values) -> MultiDict:
    copy = form.copy()
    for name, value in values.items():
        copy.setlist(name.replace("__", "."), [value] if isinstance(value, str) else value)
    return copy


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.parent.rglob("*")) if p.is_file()}


def validate_lines(path: Path, capsys) -> list[str]:
    main(["validate", str(path)])
    return [line for line in capsys.readouterr().err.splitlines() if not line.endswith("nothing was built")]


def test_the_form_has_every_field_of_the_schema_each_with_its_label(client, model):
    page = lxml.html.fromstring(client.get("/edit/oakland").data)
    labels = {el.get("for"): el.text_content() for el in page.iter("label")}
    for template in list(page.iter("template")):
        template.drop_tree()
    controls = page.xpath("//input[not(@type='hidden')] | //select | //textarea")
    assert controls and all(c.get("id") in labels for c in controls), "every input has a label tied to it"
    names = {c.get("name") for c in controls}

    def leaves(fields):
        for f in fields:
            yield from leaves(f.children) if f.kind == "group" else [f]

    for f in leaves(build_fields(model)):
        if f.kind in ("list", "records"):
            assert page.get_element_by_id(f.id).find("legend").text_content().startswith(f.label)
        else:
            assert f.name in names, f.name
            assert labels[page.xpath(f"//*[@name='{f.name}']")[0].get("id")].startswith(f.label) or f.kind == "checks"
    kinds = {c.get("name"): (c.tag, c.get("type"), c.get("role")) for c in controls}
    assert kinds["ordinance.adopted"] == ("input", "date", None)
    assert kinds["jurisdiction.kind"][0] == "select" and kinds["amendments[0].provision"][0] == "select"
    assert kinds["ordinance.urgency"] == ("input", "checkbox", None)
    assert kinds["policy.investments"] == ("input", "checkbox", "switch"), "an optional provision is a switch"
    assert kinds["jurisdiction.members[0]"][1] == "text" and kinds["amendments[0].text"][0] == "textarea"


def test_a_new_form_saved_untouched_is_what_draft_new_writes(client, folder, model, canonical):
    form = opened(client, "/new?name=City+of+Fremont")
    assert form["_name"] == "fremont"
    answer = client.post("/save", data=form, headers=JSON)
    assert answer.status_code == 200, answer.json
    assert (folder / "fremont.yaml").read_text() == scaffold("City of Fremont", model, canonical)
    assert answer.json["problems"] > 0 and "problem(s) remain" in answer.json["message"]


@pytest.mark.parametrize("name", sorted(p.stem for p in SAMPLES))
def test_every_sample_comes_back_from_the_form_as_the_same_jurisdiction(client, folder, model, name):
    form = opened(client, f"/edit/{name}")
    check = client.post("/check", data=form, headers=JSON).json
    assert check["ok"] and check["problems"] == [] and "preview" in check
    before = load_jurisdiction(folder / f"{name}.yaml", model).data
    assert client.post("/save", data=form, headers=JSON).status_code == 200
    assert load_jurisdiction(folder / f"{name}.yaml", model).data == before
    assert (folder / f"{name}.yaml").read_text().startswith("# "), "the file's opening comment is kept"


def test_problems_are_exactly_the_command_lines_and_sit_beside_their_fields(client, folder, capsys):
    form = changed(opened(client, "/edit/richmond"), ordinance__adopted="2018-05-01",
                   policy__appeal_days="0", jurisdiction__kind="village")
    check = client.post("/check", data=form, headers=JSON).json
    assert not check["ok"] and "preview" not in check
    assert client.post("/save", data=form, headers=JSON).status_code == 200  # work in progress may be saved
    assert [p["text"] for p in check["problems"]] == validate_lines(Path("jurisdictions/richmond.yaml"), capsys)
    by = {p["target"]: p for p in check["problems"]}
    assert by["ordinance.adopted"]["message"].startswith("adoption (May 1, 2018) is before introduction")
    assert by["ordinance.adopted"]["id"] == "f-ordinance-adopted"
    assert re.match(r"jurisdictions/richmond\.yaml:\d+:\d+: policy\.appeal_days: must be at least 1",
                    by["policy.appeal_days"]["text"])
    assert "'village' is not allowed" in by["jurisdiction.kind"]["message"]
    summary = lxml.html.fromstring(check["summary"])
    assert summary.xpath("//a[@href='#f-ordinance-adopted']"), "the list on top links to the field"


def test_an_impossible_date_is_reported_at_its_field(client):
    form = changed(opened(client, "/edit/richmond"), sanctuary__since="1990-02-30")
    problem, = client.post("/check", data=form, headers=JSON).json["problems"]
    assert problem["target"] == "sanctuary.since" and problem["id"] == "f-sanctuary-since"
    assert re.match(r"jurisdictions/richmond\.yaml:\d+:\d+: sanctuary\.since: '1990-02-30' is not a real calendar "
                    r"date; write it as YYYY-MM-DD$", problem["text"])
    unreadable = changed(form, sanctuary__since="not a real calendar date")  # what the page sends for one
    problem, = client.post("/check", data=unreadable, headers=JSON).json["problems"]
    assert "must be a date written YYYY-MM-DD, not 'not a real calendar date'" in problem["message"]


def test_lists_rows_and_amendments_are_read_back_in_order(client, folder, model):
    form = opened(client, "/edit/richmond")
    form.setlist("ordinance.sponsors[0]", ["Jael Myrick"])
    form.setlist("ordinance.sponsors[7]", ["Melvin Willis"])  # a gap left by a removed row
    form.setlist("ordinance.sponsors[3]", [""])              # a row added and left empty
    form.setlist("amendments[0].provision", ["report"])
    form.setlist("amendments[0].action", ["append"])
    form.setlist("amendments[0].title", [""])
    form.setlist("amendments[0].text", ["The report shall be posted online.\r\n\r\nAnd read aloud.\r\n"])
    assert client.post("/check", data=form, headers=JSON).json["ok"]
    client.post("/save", data=form, headers=JSON)
    data = load_jurisdiction(folder / "richmond.yaml", model).data
    assert data["ordinance"]["sponsors"][0] == "Jael Myrick" and data["ordinance"]["sponsors"][-1] == "Melvin Willis"
    assert data["amendments"] == [{"provision": "report", "action": "append",
                                   "text": "The report shall be posted online.\n\nAnd read aloud.\n"}]
    assert "  - provision: \"report\"\n    action: \"append\"\n    text: |\n" in (folder / "richmond.yaml").read_text()


def test_the_preview_shows_exactly_the_departure_made(client):
    form = opened(client, "/edit/richmond")
    before = client.post("/check", data=form, headers=JSON).json["preview"]
    after = client.post("/check", data=changed(form, policy__cure_days="60"), headers=JSON).json["preview"]
    marks = lambda html: re.findall(r"<(ins|del) class=\"(?:ins|del)\">(.*?)</\1>", html)  # noqa: E731
    assert set(marks(after["redline"])) - set(marks(before["redline"])) == {("ins", "sixty (60)"),
                                                                           ("del", "ninety (90)")}
    assert "sixty (60)" in after["ordinance"] and "sixty (60)" not in before["ordinance"]
    assert after["ms"] < 1000


def test_the_zip_holds_what_draft_build_writes_from_the_saved_file(client, folder, tmp_path):
    form = changed(opened(client, "/edit/berkeley"), policy__appeal_days="20")
    assert client.post("/save", data=form, headers=JSON).status_code == 200
    download = client.post("/download", data=form)
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "berkeley.zip" in download.headers["Content-Disposition"]
    assert main(["build", str(folder / "berkeley.yaml"), "--out", str(tmp_path / "out")]) == 0
    built = {p.name: p.read_bytes() for p in (tmp_path / "out" / "berkeley").iterdir() if not p.name.startswith(".")}
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    zipped = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}
    assert zipped.pop("berkeley.yaml") == (folder / "berkeley.yaml").read_bytes()
    assert {"ordinance.docx", "staff_report.docx", "baseline.docx", "redline.docx", "redline.html",
            "changes.json"} <= set(zipped)
    pdfs = {name: zipped.pop(name) for name in list(zipped) if name.endswith(".pdf") or name == "no-pdf.txt"}
    assert zipped == built  # PDFs carry LibreOffice's timestamps, so they are the one part not compared
    assert set(pdfs) in ({"ordinance.pdf", "staff_report.pdf", "redline.pdf", "packet.pdf"}, {"no-pdf.txt"}, set())
    assert all(data.startswith(b"%PDF") for name, data in pdfs.items() if name.endswith(".pdf"))


def test_nothing_is_downloaded_while_a_problem_remains(client, folder):
    form = opened(client, "/new?name=Town+of+Windsor")
    before = files_in(folder)
    answer = client.post("/download", data=form)
    assert answer.status_code == 422 and b"problem(s) remain" in answer.data
    assert "fill in this value" in answer.get_data(as_text=True)
    assert files_in(folder) == before


def test_every_change_needs_the_pages_csrf_token(client, folder):
    form = opened(client, "/edit/richmond")
    del form["csrf_token"]
    before = files_in(folder)
    for url in ("/save", "/download", "/check"):
        answer = client.post(url, data=form, headers=JSON)
        assert answer.status_code == 400 and "security token is missing" in answer.json["error"]
    upload = client.post("/open", data={"file": (io.BytesIO(b"jurisdiction: {}\n"), "x.yaml")})
    assert upload.status_code == 400 and b"security token" in upload.data
    assert files_in(folder) == before


def _upload(client, content: bytes, filename: str):
    token = form_of(client.get("/edit/richmond").data)["csrf_token"]
    return client.post("/open", data={"csrf_token": token, "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def test_an_upload_opens_in_the_form_and_writes_nothing(client, folder):
    before = files_in(folder)
    text = (ROOT / "jurisdictions" / "oakland.yaml").read_bytes().replace(b"name: Oakland", b"name: Emeryville")
    answer = _upload(client, text, "emeryville.yaml")
    assert answer.status_code == 200 and b'value="Emeryville"' in answer.data
    assert form_of(answer.data)["_name"] == "emeryville" and files_in(folder) == before


@pytest.mark.parametrize("content, filename, status, words", [
    (b"x" * 9_000_000, "big.yaml", 413, "larger than"),
    ((ROOT / "tests/bad_inputs/alias_bomb.yaml").read_bytes(), "bomb.yaml", 422, "the document is too large"),
    ((ROOT / "tests/bad_inputs/yaml_python_tag.yaml").read_bytes(), "tag.yaml", 422, "is not allowed"),
    (b"PK\x03\x04" + b"\x00" * 64, "ordinance.yaml", 422, "this is a binary file, not a YAML text file"),
    (b"PK\x03\x04", "ordinance.docx", 415, "not a jurisdiction file"),
    (b"jurisdiction: {}\n", "../../outside.yaml", 400, "contains a folder path"),
    (b"jurisdiction: {}\n", "..\\outside.yaml", 400, "contains a folder path"),
])
def test_hostile_or_oversized_uploads_are_refused_in_words(client, folder, content, filename, status, words):
    before = files_in(folder)
    answer = _upload(client, content, filename)
    assert answer.status_code == status and words in answer.get_data(as_text=True)
    assert files_in(folder) == before and not (folder.parent.parent / "outside.yaml").exists()


@pytest.mark.parametrize("name", ["../outside", "sub/dir", "..", "CON", "a b", ""])
def test_a_save_name_cannot_leave_the_folder(client, folder, name):
    form = changed(opened(client, "/edit/richmond"), _name=name)
    before = files_in(folder)
    answer = client.post("/save", data=form, headers=JSON)
    assert answer.status_code == 400 and "file name" in answer.json["error"]
    assert files_in(folder) == before


def test_a_link_out_of_the_folder_is_neither_opened_nor_written(client, folder, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("jurisdiction: {}\n")
    (folder / "linked.yaml").symlink_to(outside)
    assert client.get("/edit/linked").status_code == 403
    form = changed(opened(client, "/edit/richmond"), _name="linked", _version="")
    assert client.post("/save", data=form, headers=JSON).status_code == 403
    assert outside.read_text() == "jurisdiction: {}\n"
    assert client.get("/edit/..%2F..%2Fetc%2Fpasswd").status_code in (400, 404)


def test_two_tabs_on_one_file_are_told_and_two_on_different_files_do_not_clash(client, folder):
    first, second = opened(client, "/edit/berkeley"), opened(client, "/edit/berkeley")
    other = opened(client, "/edit/oakland")
    assert client.post("/save", data=changed(first, policy__cure_days="30"), headers=JSON).status_code == 200
    assert client.post("/save", data=changed(other, policy__cure_days="45"), headers=JSON).status_code == 200
    late = client.post("/save", data=changed(second, policy__cure_days="120"), headers=JSON)
    assert late.status_code == 409 and "was changed since this page opened it" in late.json["error"]
    assert "cure_days: 30" in (folder / "berkeley.yaml").read_text()
    assert "cure_days: 45" in (folder / "oakland.yaml").read_text()
    stale = client.post("/save", data=changed(first, policy__cure_days="31"), headers=JSON)
    assert stale.status_code == 409, "a tab saves again with the version its last save returned, not the old one"
    new = client.post("/save", data=changed(opened(client, "/new?name=City+of+Berkeley")), headers=JSON)
    assert new.status_code == 409 and "already exists" in new.json["error"]


def test_a_save_returns_the_version_the_next_save_names(client, folder):
    form = opened(client, "/edit/alameda")
    saved = client.post("/save", data=changed(form, policy__cure_days="30"), headers=JSON).json
    assert client.post("/save", data=changed(form, policy__cure_days="31", _version=saved["version"]),
                       headers=JSON).status_code == 200


def test_only_local_host_names_and_safe_headers(client):
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400  # DNS rebinding
    page = client.get("/")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert b"https://" not in client.get("/edit/richmond").data.split(b"<body>")[0], "nothing from the network"


def test_a_file_that_is_not_yaml_is_refused_with_the_command_lines_message(client, folder):
    (folder / "broken.yaml").write_text("jurisdiction:\n  name: [unclosed\n")
    answer = client.get("/edit/broken")
    assert answer.status_code == 422 and b"jurisdictions/broken.yaml:" in answer.data
    assert client.get("/edit/missing").status_code == 404


def test_templates_and_static_files_ship_with_the_package():
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "draftkit.serve" in config["packages"]
    globs = config["package-data"]["draftkit.serve"]
    served = ROOT / "draftkit" / "serve"
    for path in [*(served / "templates").iterdir(), *(served / "static").iterdir()]:
        assert any(fnmatch.fnmatch(str(path.relative_to(served)), g) for g in globs), path


def test_draft_serve_prints_the_address_and_serves_only_this_computer(tmp_path):
    import subprocess
    import sys
    import urllib.request

    (tmp_path / "jurisdictions").mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "draftkit", "serve", "--port", "0", "--jurisdictions",
                             str(tmp_path / "jurisdictions")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=tmp_path)
    try:
        line = proc.stdout.readline()  # the first line the command prints; it exits on failure, so this returns
        address = re.search(r"open (http://127\.0\.0\.1:\d+/) in your browser", line)
        assert address, (line, proc.stderr.read() if proc.poll() is not None else "")
        with urllib.request.urlopen(address[1], timeout=10) as page:
            assert page.status == 200 and b"Start a new jurisdiction" in page.read()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
