"""comparison.html in headless Chromium: the tables, sorting, a link into a redline, phone width, a screenshot.

Needs Debian's `chromium` and `chromium-driver` packages and the `selenium` Python package. Without them
the tests are skipped with the reason, except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES

from draftkit.build import render_ordinance
from draftkit.compare import compare_paths
from draftkit.diff import compare
from draftkit.jurisdiction import with_identity_of
from draftkit.redline_html import redline_html

SHOT_FOR_LEAD = Path("/tmp/comparison.png")
CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
               "--window-size=1400,1000")


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; the browser test must run in CI")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install selenium)")
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        _unavailable("chromium or chromedriver is missing (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (*CHROME_ARGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory, model, canonical, samples):
    """comparison.* for the samples, and oakland's real redline.html so that a cell's link can be followed."""
    out = tmp_path_factory.mktemp("compare")
    _, failures = compare_paths(list(SAMPLES), out, model)
    assert failures == []
    oakland = samples["oakland"]
    comparison = compare(render_ordinance(with_identity_of(canonical, oakland, model), model).text,
                         render_ordinance(oakland, model).text)
    page = redline_html(comparison, title="Oakland", subtitle="against the model", author="test", date_text="today")
    (out / "oakland").mkdir()
    (out / "oakland" / "redline.html").write_text(page, encoding="utf-8")
    return out


@pytest.fixture
def page(browser, site):
    browser.set_window_size(1400, 1000)
    browser.get((site / "comparison.html").as_uri())
    return browser


def _by(how: str):
    from selenium.webdriver.common.by import By
    return getattr(By, how)


def _cell(driver, table: str, row_text: str, slug: str):
    rows = driver.find_elements(_by("CSS_SELECTOR"), f"#{table} tbody tr")
    row = next(r for r in rows if r.find_element(_by("TAG_NAME"), "th").text.startswith(row_text))
    return row.find_element(_by("CSS_SELECTOR"), f'[data-slug="{slug}"]')


def _order(driver, selector: str) -> list[str]:
    return [el.get_attribute("data-slug") for el in driver.find_elements(_by("CSS_SELECTOR"), selector)]


def test_tables_show_the_comparison(page):
    assert page.title.endswith("the model and its local versions")
    assert _cell(page, "matrix", "Investment prohibition", "berkeley").text.endswith("dropped\nInvestments: yes → no")
    definitions = _cell(page, "matrix", "Definitions", "oakland")
    assert "modified" in definitions.text and "Covered agencies: ICE → ICE, CBP, ORR" in definitions.text
    assert "k-modified" in definitions.get_attribute("class")
    assert _cell(page, "matrix", "Community oversight hearing", "marin_county").text.endswith("added")
    agencies = _cell(page, "parameters", "Covered agencies", "oakland")
    assert agencies.text == "≠ ICE, CBP, ORR" and "dep" in agencies.get_attribute("class")
    assert _cell(page, "parameters", "Covered agencies", "richmond").text == "ICE"
    legend = page.find_element(_by("CSS_SELECTOR"), ".legend").text
    assert all(word in legend for word in ("kept", "modified", "dropped", "added", "moved"))


def test_sorting_reorders_rows_and_columns(page, site):
    data = json.loads((site / "comparison.json").read_text(encoding="utf-8"))
    share = {j["slug"]: j["retained_percent"] for j in data["jurisdictions"]}
    assert _order(page, "#summary tbody tr") == sorted(share)  # input order: the folder's files, sorted
    page.find_element(_by("XPATH"), "//table[@id='summary']//th[.='Model text retained']/button").click()
    ascending = sorted(share, key=lambda s: share[s])
    assert _order(page, "#summary tbody tr") == ascending
    assert _order(page, "#matrix thead th[data-slug]") == ascending
    assert _order(page, "#parameters thead th[data-slug]") == ascending
    assert _order(page, "#matrix tbody tr:first-child td") == ascending
    header = page.find_element(_by("XPATH"), "//table[@id='summary']//th[.='Model text retained']")
    assert header.get_attribute("aria-sort") == "ascending"
    header.find_element(_by("TAG_NAME"), "button").click()
    assert _order(page, "#matrix thead th[data-slug]") == ascending[::-1]
    page.find_element(_by("CSS_SELECTOR"), '.order button[data-order="0"]').click()
    names = {j["slug"]: j["name"] for j in data["jurisdictions"]}
    assert _order(page, "#matrix thead th[data-slug]") == sorted(names, key=names.get)


def test_a_cell_opens_the_redline_at_the_provision(page):
    link = _cell(page, "matrix", "Definitions", "oakland").find_element(_by("TAG_NAME"), "a")
    link.click()
    assert page.current_url.endswith("oakland/redline.html#prov-definitions")
    target = page.find_element(_by("ID"), "prov-definitions")
    assert "Definitions" in target.text
    assert page.execute_script("return document.querySelector(':target') && document.querySelector(':target').id") \
        == "prov-definitions"


def test_readable_on_a_phone(page):
    page.set_window_size(390, 844)
    width = page.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], "the page itself must not scroll sideways; the tables scroll in their boxes"
    first = page.execute_script(
        "var box = document.querySelector('#matrix').parentNode; box.scrollLeft = 400;"
        "var th = document.querySelector('#matrix tbody th');"
        "return [box.scrollLeft, th.getBoundingClientRect().left - box.getBoundingClientRect().left];")
    assert first[0] > 0 and abs(first[1]) <= 2, "the provision column stays put while the table scrolls"


def test_screenshot(page, tmp_path):
    height = page.execute_script("return document.documentElement.scrollHeight")
    page.set_window_size(1400, min(max(height + 120, 1000), 6000))
    shot = tmp_path / "comparison.png"
    assert page.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    shutil.copy(shot, SHOT_FOR_LEAD)
