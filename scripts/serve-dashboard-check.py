#!/usr/bin/env python3
"""The live dashboard of `workplan serve` in headless Chromium (selenium, Debian's chromium-driver).

Usage: serve-dashboard-check.py BASE_URL SCREENSHOT_FOLDER [SITE_FOLDER]

Every page loads with no console error; every link resolves (a page that answers 200, and the
element a #fragment names); each filter (domain, repository, status) leaves in every table exactly
the rows the read API gives for it; the overview and a workstream page have no horizontal scroll
at 375 px, and are saved as screenshots at 375 and 1440 px. With SITE_FOLDER (`workplan dashboard`
of the same store), each filter's static page holds exactly the live page's rows in every table.
"""

import json
import pathlib
import sys
import urllib.error
import urllib.parse
import urllib.request

from browser import browser, check, check_widths
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, SHOTS = sys.argv[1], pathlib.Path(sys.argv[2])
SITE = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else None
TABLES = [".workstream-table tbody tr", "#task-table tbody tr", "#blocked-table tbody tr", "#week-table tbody tr"]
OPEN = {"todo", "in_progress", "blocked"}


def api(path):
    with urllib.request.urlopen(BASE + path, timeout=30) as response:
        return json.load(response)


def load(driver, url):
    driver.get(url)
    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    check(not errors, f"{url}: console errors or failed requests: {errors}")


def check_links(driver, seen):
    page = driver.current_url
    for href in driver.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)"):
        target, _, fragment = href.partition("#")
        if target not in seen:
            with urllib.request.urlopen(target, timeout=30) as response:
                check(response.status == 200, f"{page}: link {href} answers {response.status}")
                seen[target] = response.read().decode()
        if fragment:
            check(f'id="{fragment}"' in seen[target], f"{page}: #{fragment} is not on {target}")


def rows(driver, selector):
    return driver.execute_script(
        f"return [...document.querySelectorAll('{selector}')].map(r => r.dataset.id)")


def check_filter(driver, name, value, query):
    load(driver, BASE + "/")
    Select(driver.find_element(By.ID, f"filter-{name}")).select_by_visible_text(value)
    driver.find_element(By.CSS_SELECTOR, "form.filter button").click()
    wanted = f"{name}={urllib.parse.quote(value, safe='')}"
    WebDriverWait(driver, 10).until(lambda d: wanted in d.current_url and d.execute_script(
        "return document.readyState") == "complete")
    chosen = api(f"/api/v1/workstreams?limit=500&{query}")["items"]
    workstreams = {w["id"] for w in chosen}
    shown = set(rows(driver, ".workstream-table tbody tr"))
    check(shown == workstreams, f"{name}={value}: workstreams {sorted(shown)} vs {sorted(workstreams)}")
    keys = {(w["repository"], w["id"]) for w in chosen}
    tasks = [t for t in api("/api/v1/tasks?limit=500")["items"] if (t["repository"], t.get("workstream")) in keys]
    open_tasks = {t["id"] for t in tasks if t["status"] in OPEN}
    shown_tasks = set(rows(driver, "#task-table tbody tr"))
    check(shown_tasks == open_tasks, f"{name}={value}: open tasks {sorted(shown_tasks)} vs {sorted(open_tasks)}")
    blocked = set(rows(driver, "#blocked-table tbody tr"))
    wanted = {t["id"] for t in tasks if t["status"] == "blocked"} | {w["id"] for w in chosen if w["status"] == "blocked"}
    check(blocked == wanted, f"{name}={value}: blocked {sorted(blocked)} vs {sorted(wanted)}")
    if SITE:
        live = [sorted(rows(driver, table)) for table in TABLES]
        page = SITE / f"{name}/{value}.html"
        load(driver, page.resolve().as_uri())
        static = [sorted(rows(driver, table)) for table in TABLES]
        check(static == live, f"{name}={value}: the static page's rows {static} vs the live page's {live}")
        load(driver, BASE + "/?" + query)
    for row in driver.find_elements(By.CSS_SELECTOR, "#week-table tbody tr"):
        check(row.get_attribute(f"data-{name}") in (value, None) or name == "status",
              f"{name}={value}: a change of another {name} this week: {row.text}")


def main():
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver = browser()
    try:
        load(driver, BASE + "/")
        seen = {}
        check_links(driver, seen)
        check(driver.find_elements(By.CSS_SELECTOR, "#summary dd"), "the summary is on the first screen")
        page = next(url for url in seen if "/w/" in url and "BETA-WP-0002" in url)
        load(driver, page)
        check_links(driver, seen)
        check(driver.find_elements(By.ID, "closure"), "a completed workstream shows its Closure Review")
        history = driver.find_element(By.ID, "history").text
        check("lead@beta.example" in history, f"the history says who: {history[:300]}")
        # A page that does not exist says so as a page, with the way back.
        try:
            urllib.request.urlopen(BASE + "/w/beta/NOPE-WP-0001", timeout=30)
            check(False, "a missing workstream's page answered 200")
        except urllib.error.HTTPError as error:
            body = error.read().decode()
            check(error.code == 404 and error.headers["Content-Type"].startswith("text/html")
                  and 'href="/"' in body, f"the missing page: {error.code} {body[:200]}")
        check_filter(driver, "domain", "billing", "domain=billing")
        check_filter(driver, "repository", "beta", "repository=beta")
        check_filter(driver, "status", "active", "status=active")
        check_widths(driver, load, BASE + "/", SHOTS / "serve-overview")
        check_widths(driver, load, page, SHOTS / "serve-workstream")
    finally:
        driver.quit()
    print("live dashboard: no console error, every link resolves, every filter matches the API, no horizontal scroll at 375 px")


if __name__ == "__main__":
    main()
