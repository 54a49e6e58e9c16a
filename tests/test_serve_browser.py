"""`draft serve` in headless Chromium: fill a new jurisdiction from scratch, see the located error for an impossible
date beside its field, fix it, watch the preview follow, save, download the packet (byte for byte what `draft
build` writes from the saved file); open a sample, change one policy value, and see exactly that departure in
the redline; axe-core finds no serious or critical accessibility violation.

Needs Debian's `chromium` and `chromium-driver`, and the `selenium` and `selenium-axe-python` packages; without
them the tests are skipped with the reason, except in CI (CI=true), where they fail. The server listens on
127.0.0.1 only, on a free port, for this module's tests. Screenshots are left in /tmp for the lead.
"""
from __future__ import annotations

import io
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from support.browser import chromium

from draftkit.cli import main

SHOTS = {"empty": Path("/tmp/serve_empty_form.png"), "error": Path("/tmp/serve_form_with_error.png"),
         "preview": Path("/tmp/serve_preview.png")}
WAIT = 20  # seconds any one thing may take to appear


@pytest.fixture(scope="module")
def served(tmp_path_factory, model):
    from draftkit.serve import make_server

    folder = tmp_path_factory.mktemp("served") / "jurisdictions"
    shutil.copytree(ROOT / "jurisdictions", folder)
    server = make_server(model, folder=folder, host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield server.url, folder
    server.close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    driver = chromium(tmp_path_factory.mktemp("chromium-profile"), args=("--lang=en-US",),
                      prefs={"download.default_directory": str(downloads), "download.prompt_for_download": False,
                             "intl.accept_languages": "en-US"})
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def _by(how: str):
    from selenium.webdriver.common.by import By
    return getattr(By, how)


def _wait(driver, condition, what: str):
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, WAIT, poll_frequency=0.05).until(condition, message=what)


def _field(driver, name: str):
    return driver.find_element(_by("NAME"), name)


def _type(driver, name: str, text: str) -> None:
    element = _field(driver, name)
    element.clear()
    element.send_keys(text)


def _set(driver, name: str, value: str) -> None:
    """Set a value as a picker would (date inputs), and tell the page."""
    driver.execute_script("const el = document.getElementsByName(arguments[0])[0]; el.value = arguments[1];"
                          "el.dispatchEvent(new Event('input', {bubbles: true}));", name, value)


def _problem_beside(driver, name: str) -> str:
    return driver.execute_script("const box = document.querySelector(`.problem[data-for=\"${arguments[0]}\"]`);"
                                 "return box ? box.textContent : '';", name)


def _settled(driver) -> bool:
    return driver.execute_script("return document.getElementById('preview-status').textContent.startsWith('Up to date')"
                                 " || document.getElementById('preview-status').textContent.startsWith('Out of date')")


def _shot(driver, key: str) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(height, 1000), 2400) if key == "empty" else 1000)
    assert driver.save_screenshot(str(SHOTS[key]))
    driver.set_window_size(1400, 1000)


NEW_VALUES = {
    "jurisdiction.state": "California", "jurisdiction.governing_body": "City Council",
    "jurisdiction.member_title": "Councilmember",
    "jurisdiction.presiding_officer": "Mayor", "jurisdiction.clerk": "City Clerk",
    "jurisdiction.executive": "City Manager", "jurisdiction.attorney": "City Attorney",
    "jurisdiction.code_name": "Fremont Municipal Code", "jurisdiction.code_title": "Title 2, Administration",
    "jurisdiction.chapter": "2.95", "jurisdiction.members[0]": "Lily Mei", "sanctuary.instrument": "Resolution No. 2017-5",
    "ordinance.number": "[number]", "ordinance.sponsors[0]": "Lily Mei", "staff_report.author": "Pat Lee",
    "staff_report.author_title": "Deputy City Attorney", "staff_report.contact_phone": "(510) 555-0190",
    "staff_report.contact_email": "plee@fremont.example", "staff_report.fiscal_impact": "Staff time only.",
}


def test_fill_a_new_jurisdiction_fix_an_impossible_date_save_and_download(browser, served, model, tmp_path):
    url, folder = served
    browser.get(url)
    browser.find_element(_by("ID"), "new-name").send_keys("City of Fremont\n")
    _wait(browser, lambda d: d.find_elements(_by("ID"), "draft"), "the new form")
    _wait(browser, _settled, "the first check")
    assert _field(browser, "_name").get_attribute("value") == "fremont"
    assert "fill in this value" in _problem_beside(browser, "jurisdiction.clerk")
    _shot(browser, "empty")

    for name, text in NEW_VALUES.items():
        _type(browser, name, text)
    browser.find_element(_by("CSS_SELECTOR"), '[data-add="f-jurisdiction-members"]').send_keys("\n")  # keyboard
    assert browser.switch_to.active_element.get_attribute("name") == "jurisdiction.members[1]"
    browser.switch_to.active_element.send_keys("Raj Salwan")
    for name in ("staff_report.date", "staff_report.meeting"):
        _set(browser, name, "2026-03-03" if name.endswith("date") else "2026-03-10")
    since = _field(browser, "sanctuary.since")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", since)
    since.send_keys("02302017")  # February 30 (typed month, day, year): the browser cannot read it
    assert browser.execute_script("return arguments[0].validity.badInput", since)
    _wait(browser, lambda d: "must be a date" in _problem_beside(d, "sanctuary.since"), "the date's problem")
    summary = browser.find_element(_by("ID"), "problems").text
    assert "jurisdictions/fremont.yaml:" in summary and "sanctuary.since: must be a date written YYYY-MM-DD" in summary
    assert since.get_attribute("aria-invalid") == "true"
    assert not browser.find_element(_by("ID"), "download").is_enabled()
    _shot(browser, "error")

    _set(browser, "sanctuary.since", "2017-01-24")
    _wait(browser, lambda d: d.find_element(_by("ID"), "download").is_enabled(), "no problem left")
    assert _problem_beside(browser, "sanctuary.since") == ""
    assert "City of Fremont" in browser.find_element(_by("ID"), "ordinance").text
    _type(browser, "policy.cure_days", "60")
    _wait(browser, lambda d: "sixty (60)" in d.find_element(_by("ID"), "redline").get_attribute("srcdoc"),
          "the preview to follow the change")
    took = int(browser.find_element(_by("ID"), "draft").get_attribute("data-preview-ms"))
    assert took < 1000, f"the preview took {took} ms after the change"
    print(f"preview updated {took} ms after the change")
    _shot(browser, "preview")

    browser.find_element(_by("ID"), "save").click()
    _wait(browser, lambda d: d.find_element(_by("ID"), "status").text.startswith("Saved"), "the save")
    saved = folder / "fremont.yaml"
    assert saved.is_file() and browser.current_url.endswith("/edit/fremont")

    browser.find_element(_by("ID"), "download").click()
    zipped = _downloaded(browser, "fremont.zip")
    assert main(["build", str(saved), "--out", str(tmp_path / "out")]) == 0
    archive = zipfile.ZipFile(io.BytesIO(zipped))
    for name in ("ordinance.docx", "redline.docx", "redline.html", "staff_report.docx", "changes.json"):
        assert archive.read(f"fremont/{name}") == (tmp_path / "out" / "fremont" / name).read_bytes(), name


def _downloaded(browser, name: str) -> bytes:
    path = browser.downloads / name
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and not path.exists():
        time.sleep(0.1)
    assert path.exists(), f"{name} was not downloaded"
    return path.read_bytes()


def test_a_changed_policy_value_shows_as_exactly_that_departure(browser, served):
    url, _ = served
    browser.get(url + "edit/richmond")
    _wait(browser, lambda d: d.find_element(_by("ID"), "redline").get_attribute("srcdoc"), "the first preview")
    _type(browser, "policy.appeal_days", "20")
    _wait(browser, lambda d: "twenty (20)" in d.find_element(_by("ID"), "redline").get_attribute("srcdoc"),
          "the changed redline")
    browser.switch_to.frame(browser.find_element(_by("ID"), "redline"))
    marks = [(m.tag_name, m.text) for m in browser.find_elements(_by("CSS_SELECTOR"), "main ins, main del")
             if m.text not in ("Inserted text", "Deleted text")]
    browser.switch_to.default_content()
    assert sorted(marks) == [("del", "thirty (30)"), ("ins", "twenty (20)")]


def test_no_serious_or_critical_accessibility_violation(browser, served, tmp_path):
    selenium_axe = pytest.importorskip("selenium_axe_python") if not _ci() else __import__("selenium_axe_python")
    script = (Path(selenium_axe.__file__).parent / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    url, _ = served
    pages = {"start": url, "form and preview": url + "edit/oakland", "new form": url + "new?name=County+of+Napa"}
    found = {}
    for what, address in pages.items():
        browser.get(address)
        _wait(browser, _settled, "the check") if what != "start" else None
        found[what] = _axe(browser, script)
    redline = tmp_path / "redline.html"  # the preview's frame, checked as a page of its own (axe needs script)
    browser.get(url + "edit/oakland")
    redline.write_text(browser.find_element(_by("ID"), "redline").get_attribute("srcdoc"), encoding="utf-8")
    browser.get(redline.as_uri())
    found["redline in the preview"] = _axe(browser, script)
    assert found == {what: [] for what in pages} | {"redline in the preview": []}


def _axe(browser, script: str) -> list[str]:
    browser.execute_script(script)
    result = browser.execute_async_script("const done = arguments[arguments.length - 1];"
                                          "axe.run(document, {iframes: false}).then(done);")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def _ci() -> bool:
    import os
    return os.environ.get("CI") == "true"
