#!/usr/bin/env python3
"""Drives a static dashboard (`workplan dashboard`) in headless Chromium (selenium, Debian's
chromium-driver), from file:// as a person opening it would.

Usage: dashboard-check.py SITE_FOLDER SCREENSHOT_FOLDER

Every page loads with no console error and no failed request, with its stylesheet applied; every
link resolves (to a file of the site, and to an element for a #fragment); each filter link
(domain, repository, status) leads to a page whose every table holds exactly the overview's rows
of that domain, repository or status; the overview and a workstream page have no horizontal
scroll at 375 px and are saved as screenshots at 375 and 1440 px.
"""

import pathlib
import re
import sys
import urllib.parse

from browser import browser, check, check_widths
from selenium.webdriver.common.by import By


def load(driver, path):
    driver.get(path.resolve().as_uri())
    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check(not errors, f"{path}: console errors or failed requests: {errors}")
    width = driver.execute_script("return getComputedStyle(document.querySelector('main')).maxWidth")
    check(width == "1200px", f"{path}: the stylesheet is not applied (main max-width {width})")


def check_links(driver, page, site):
    for href in driver.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"):
        if urllib.parse.urlparse(href).scheme in ("http", "https", "data"):
            continue
        target, _, fragment = href.partition("#")
        file = (page.parent / urllib.parse.unquote(target)).resolve() if target else page.resolve()
        check(file.is_file() and site.resolve() in file.parents, f"{page}: link {href} does not resolve")
        if fragment:
            check(f'id="{fragment}"' in file.read_text(), f"{page}: #{fragment} is not on {target or 'the page'}")


def table(driver, selector):
    """Each row of the tables `selector` names: its data attributes and the workstream it links to."""
    return driver.execute_script(
        f"return [...document.querySelectorAll('{selector}')].map(r => ({{...r.dataset, "
        "href: (r.querySelector('a[href]') || {getAttribute: () => ''}).getAttribute('href')}))")


def workstream_of(row):
    """The repository and id of the workstream a row's first link points to (w/REPO/ID.html#…)."""
    match = re.search(r"w/([^/]+)/([^/#]+)\.html", row["href"])
    return match.groups() if match else None


def check_filter(driver, site, name, everything):
    """Follows each link of filter `name` from the overview; compares every table with the overview's rows."""
    load(driver, site / "index.html")
    links = driver.execute_script(
        f"return [...document.querySelectorAll('#filter-{name} a')].map(a => [a.textContent, a.getAttribute('href')])")
    check(len(links) > 1, f"filter {name} offers {links}")
    for value, href in links[1:]:
        page = (site / href).resolve()
        load(driver, page)
        current = driver.execute_script(f"return document.querySelector('#filter-{name} a[aria-current]').textContent")
        check(current == value, f"filter {name}={value}: the page marks {current} as chosen")
        workstreams = table(driver, ".workstream-table tbody tr")
        attribute = {"domain": "domain", "repository": "repository", "status": "status"}[name]
        wanted = [w for w in everything["workstreams"] if w[attribute] == value]
        check(sorted(w["id"] for w in workstreams) == sorted(w["id"] for w in wanted),
              f"filter {name}={value}: workstreams {[w['id'] for w in workstreams]} vs {[w['id'] for w in wanted]}")
        keys = {(w["repository"], w["id"]) for w in wanted}
        for section in ("#task-table", "#blocked-table"):
            shown = sorted(r["id"] for r in table(driver, f"{section} tbody tr"))
            expected = sorted(r["id"] for r in everything[section] if workstream_of(r) in keys
                              or (section == "#blocked-table" and r["id"] in {w["id"] for w in wanted}))
            check(shown == expected, f"filter {name}={value}: {section} {shown} vs {expected}")


def main():
    site, shots = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    shots.mkdir(parents=True, exist_ok=True)
    pages = sorted(site.rglob("*.html"))
    driver = browser()
    try:
        for page in pages:
            load(driver, page)
            check_links(driver, page, site)
        load(driver, site / "index.html")
        everything = {"workstreams": table(driver, ".workstream-table tbody tr"),
                      "#task-table": table(driver, "#task-table tbody tr"),
                      "#blocked-table": table(driver, "#blocked-table tbody tr")}
        check(everything["workstreams"] and everything["#task-table"], "the overview lists workstreams and open tasks")
        for name in ("domain", "repository", "status"):
            check_filter(driver, site, name, everything)
        workstream = next(page for page in pages if "/w/" in str(page))
        check_widths(driver, load, site / "index.html", shots / "overview")
        check_widths(driver, load, workstream, shots / "workstream")
    finally:
        driver.quit()
    print(f"dashboard-check: {len(pages)} pages load cleanly, links resolve, every filter page holds the right rows, "
          f"no horizontal scroll at 375 px; screenshots in {shots}")


if __name__ == "__main__":
    main()
