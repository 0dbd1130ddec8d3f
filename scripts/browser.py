"""Headless Chromium for the dashboard checks (selenium, Debian's chromium and chromium-driver)."""

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def browser():
    """A headless Chromium that keeps the console's messages."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check_widths(driver, load, page, screenshot):
    """Loads `page` (with `load`) at 375 and 1440 px: no horizontal scroll at 375 px; a screenshot
    of each width at `screenshot` + "-WIDTH.png"."""
    for width in (375, 1440):
        driver.set_window_size(width, 1000)
        load(driver, page)
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(width != 375 or overflow <= 0, f"{page}: {overflow} px of horizontal scroll at 375 px")
        driver.save_screenshot(f"{screenshot}-{width}.png")
