#!/usr/bin/env python3
"""Drives a generated dashboard in headless Chromium (selenium, Debian's chromium-driver).

Usage: dashboard-check.py SITE_FOLDER SCREENSHOT_FOLDER

Every page loads with no console error and no failed request, with its stylesheet applied;
every internal link resolves (to a file, and to an element for a #fragment); the overview's
domain and status filters show exactly the matching rows when chosen; every control has a
label. Screenshots of the overview and of one workstream page at 375 and 1440 px wide are saved.
"""

import pathlib
import sys
import urllib.parse

from browser import browser, check
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select


def load(driver, path):
    driver.get(path.resolve().as_uri())
    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check(not errors, f"{path}: console errors or failed requests: {errors}")
    width = driver.execute_script("return getComputedStyle(document.querySelector('main')).maxWidth")
    check(width == "1200px", f"{path}: the stylesheet is not applied (main max-width {width})")


def check_links(driver, page, site):
    for href in driver.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"):
        if urllib.parse.urlparse(href).scheme in ("http", "https"):
            continue
        target, _, fragment = href.partition("#")
        file = (page.parent / target).resolve() if target else page.resolve()
        check(file.is_file() and site.resolve() in file.parents, f"{page}: link {href} does not resolve")
        if fragment and not target:
            check(driver.find_elements(By.ID, fragment), f"{page}: #{fragment} is not on the page")


def check_filter(driver, name):
    rows = driver.find_elements(By.CSS_SELECTOR, "#workstream-table tbody tr[data-s]")
    keys = driver.execute_script(
        "return [...document.querySelectorAll('#workstream-table tbody tr[data-s]')]"
        ".map(r => ({domain: r.closest('tbody').dataset.d, status: r.dataset.s}))")
    select = Select(driver.find_element(By.ID, f"filter-{name}"))
    values = [option.get_attribute("value") for option in select.options]
    check(values[0] == "" and len(values) > 1, f"filter {name} offers {values}")
    for value in values[1:] + [""]:
        select.select_by_value(value)
        expected = [row for row, key in zip(rows, keys) if not value or key[name] == value]
        shown = [row for row in rows if row.is_displayed()]
        check(shown == expected, f"filter {name}={value!r}: {len(shown)} rows shown, {len(expected)} expected")
        text = driver.find_element(By.ID, "shown").text
        check(text == f"{len(expected)} of {len(rows)} workstreams shown", f"filter {name}={value!r}: {text!r}")


def main():
    site, shots = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    shots.mkdir(parents=True, exist_ok=True)
    pages = [site / "index.html"] + sorted((site / "w").glob("*.html"))
    driver = browser()
    try:
        for page in pages:
            load(driver, page)
            check_links(driver, page, site)
            unlabelled = driver.execute_script("return [...document.querySelectorAll('select, input')].filter(c => !c.closest('label')).length")
            check(unlabelled == 0, f"{page}: {unlabelled} controls without a label")
        load(driver, site / "index.html")
        check_filter(driver, "domain")
        check_filter(driver, "status")
        for width in (375, 1440):
            driver.set_window_size(width, 1000)
            for name, page in [("overview", pages[0]), ("workstream", pages[1])]:
                load(driver, page)
                driver.save_screenshot(str(shots / f"{name}-{width}.png"))
    finally:
        driver.quit()
    print(f"dashboard-check: {len(pages)} pages load cleanly, links resolve, filters work; screenshots in {shots}")


if __name__ == "__main__":
    main()
