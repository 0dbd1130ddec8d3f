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
