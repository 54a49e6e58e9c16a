"""comparison.html in headless Chromium: the tables, sorting, a link into a redline, phone width, a screenshot.

Needs Debian's `chromium` and `chromium-driver` packages and the `selenium` Python package. Without them
the tests are skipped with the reason, except in CI (CI=true), where they fail.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES
from support.browser import chromium

from draftkit.build import render_ordinance
from draftkit.compare import compare_paths
from draftkit.diff import compare
from draftkit.jurisdiction import with_identity_of
from draftkit.redline_html import redline_html

SHOT_FOR_LEAD = Path("/tmp/comparison.png")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("chromium-profile"))
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


# --- a comparison of 5,000 jurisdictions ------------------------------------------------------------------

STATUSES = ("proposed", "introduced", "adopted", "failed")


@pytest.fixture(scope="module")
def large(tmp_path_factory, model, canonical, samples):
    """comparison.html of 5,000 jurisdictions made from the samples' columns (each renamed, its share and
    status varied), written through the spool as draft compare writes it; one of them has its redline."""
    from dataclasses import replace

    from draftkit.compare import column_of, entry_for
    from draftkit.compare_html import write_html
    from draftkit.compare_spool import Spool

    bases = [column_of(entry_for(j, model, canonical), model, canonical) for j in samples.values()]
    spool = Spool(model, canonical)
    columns = []
    for i in range(5000):
        base = bases[i % len(bases)]
        slug = f"{base.column.slug}_{i:04d}"
        cells = {k: replace(c, href=c.href.replace(f"{base.column.slug}/", f"{slug}/", 1) if c.href else None)
                 for k, c in base.cells.items()}
        column = replace(base.column, slug=slug, name=f"{base.column.name} {i:04d}", link=f"{slug}/redline.html",
                         status=STATUSES[i % 4], retained_words=base.column.retained_words - i % 97)
        columns.append(column)
        spool.add(i, replace(base, column=column, cells=cells))
    spool.close_run()
    out = tmp_path_factory.mktemp("large")
    with open(out / "comparison.html", "w", encoding="utf-8", newline="") as page:
        write_html(spool, page, title="5,000 jurisdictions")
    spool.close()
    chosen = next(c for c in columns if c.name == "Oakland 4093")
    (out / chosen.slug).mkdir()
    (out / chosen.slug / "redline.html").write_text(
        '<!DOCTYPE html><html lang="en"><title>r</title><h2 id="prov-definitions">Definitions</h2></html>',
        encoding="utf-8")
    return out, columns


def _rows(driver) -> list[str]:
    return _order(driver, "#summary tbody tr")


def _type(driver, text: str) -> None:
    """Type into the name filter and wait until the table shows what was typed (the box waits for a pause)."""
    from selenium.webdriver.support.ui import WebDriverWait

    box = driver.find_element(_by("ID"), "filter-name")
    box.send_keys(text)
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(_by("ID"), "summary").get_attribute("data-filter") == box.get_attribute("value"))


def test_five_thousand_filter_sort_page_and_follow(browser, large):
    out, columns = large
    browser.set_window_size(1400, 1000)
    browser.get((out / "comparison.html").as_uri())
    assert browser.find_element(_by("TAG_NAME"), "body").get_attribute("data-ready") == "true"
    assert _rows(browser) == [c.slug for c in columns[:50]]
    assert len(_order(browser, "#matrix thead th[data-slug]")) == 50
    assert browser.find_element(_by("ID"), "shown").text == "1–50 of 5000"

    _type(browser, "oakland 40")
    expected = [c.slug for c in columns if "oakland 40" in c.name.lower()]
    assert len(expected) == 20 and _rows(browser) == expected
    assert _order(browser, "#parameters thead th[data-slug]") == expected

    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(_by("ID"), "filter-status")).select_by_visible_text("adopted")
    expected = [c.slug for c in columns if "oakland 40" in c.name.lower() and c.status == "adopted"]
    assert 0 < len(expected) < 20 and _rows(browser) == expected
    Select(browser.find_element(_by("ID"), "filter-status")).select_by_visible_text("any status")
    Select(browser.find_element(_by("ID"), "filter-departure")).select_by_visible_text("departs on Covered agencies")
    expected = [c.slug for c in columns if "oakland 40" in c.name.lower()
                and any(x.startswith("Covered agencies:") for x in c.changes)]
    assert expected and _rows(browser) == expected

    Select(browser.find_element(_by("ID"), "filter-departure")).select_by_visible_text("any")
    browser.find_element(_by("ID"), "filter-name").clear()
    _type(browser, " ")  # blank filters nothing
    browser.find_element(_by("XPATH"), "//table[@id='summary']//th[.='Model text retained']/button").click()
    ranked = sorted(columns, key=lambda c: (c.retained, c.name))
    assert _rows(browser) == [c.slug for c in ranked[:50]]
    assert _order(browser, "#matrix thead th[data-slug]") == [c.slug for c in ranked[:50]]
    browser.find_element(_by("ID"), "next").click()
    assert _rows(browser) == [c.slug for c in ranked[50:100]]
    assert browser.find_element(_by("ID"), "shown").text == "51–100 of 5000"

    _type(browser, "Oakland 4093")
    link = _cell(browser, "matrix", "Definitions", "oakland_4093").find_element(_by("TAG_NAME"), "a")
    link.click()
    assert browser.current_url.endswith("oakland_4093/redline.html#prov-definitions")
    assert browser.find_element(_by("ID"), "prov-definitions").text == "Definitions"
