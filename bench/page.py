"""How long the comparison page takes in a real browser (headless Chromium through selenium): to open, to
filter by name, to sort a column and to follow a cell's link. Used by run.py --compare-scales; optional (it
says why when selenium, chromium or chromedriver is missing)."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

CHROME_ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
               "--window-size=1400,1000")


def browser(profile: Path | None = None, *, args: tuple[str, ...] = (), prefs: dict | None = None):
    """A headless Chromium driver with its own profile folder (and `args`, `prefs` added), or the reason there
    is none. The browser tests start theirs here too (tests/support/browser.py)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None, "selenium is not installed (pip install selenium)"
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        return None, "chromium or chromedriver is missing (apt-get install chromium chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = profile or Path(tempfile.mkdtemp(prefix="bench-chromium-"))
    for arg in (*CHROME_ARGS, *args, f"--user-data-dir={profile}"):
        options.add_argument(arg)
    if prefs:
        options.add_experimental_option("prefs", prefs)
    return webdriver.Chrome(service=Service(driver_path), options=options), None


def _wait(driver, script: str, limit: float = 120.0) -> None:
    end = time.perf_counter() + limit
    while not driver.execute_script(script):
        if time.perf_counter() > end:
            raise TimeoutError(script)
        time.sleep(0.005)


def time_page(driver, page: Path) -> dict[str, float]:
    """Seconds to open the page (until its script has drawn the first page), to filter by the first word of
    the first jurisdiction's name, to sort by model text retained and to open the first cell's redline."""
    from selenium.webdriver.common.by import By

    times = {}
    start = time.perf_counter()
    driver.get(page.as_uri())
    _wait(driver, "return document.body && document.body.getAttribute('data-ready') === 'true'")
    times["open"] = time.perf_counter() - start
    shown = driver.find_element(By.ID, "shown").text
    name_part = driver.find_element(By.CSS_SELECTOR, "#summary tbody th").text.split()[0]
    box = driver.find_element(By.ID, "filter-name")
    start = time.perf_counter()
    box.send_keys(name_part)
    _wait(driver, f"return document.getElementById('shown').textContent !== {shown!r} && "
                  f"document.getElementById('summary').getAttribute('data-filter') === {name_part!r}")
    times["filter"] = time.perf_counter() - start
    first = driver.execute_script("return document.querySelector('#summary tbody tr').getAttribute('data-slug')")
    start = time.perf_counter()
    driver.find_element(By.XPATH, "//table[@id='summary']//th[.='Model text retained']/button").click()
    _wait(driver, "return document.querySelector('#summary th[aria-sort]') !== null")
    times["sort"] = time.perf_counter() - start
    times["sorted_first_changed"] = float(first != driver.execute_script(
        "return document.querySelector('#summary tbody tr').getAttribute('data-slug')"))
    link = driver.find_element(By.CSS_SELECTOR, "#matrix tbody td a")
    target = link.get_attribute("href")
    start = time.perf_counter()
    link.click()
    _wait(driver, f"return location.href === {target!r} && document.readyState === 'complete'")
    times["follow_link"] = time.perf_counter() - start
    return times
