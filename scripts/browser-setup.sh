# Sourced by the dashboard checks: Chromium and its driver from Debian's packages, selenium from
# PyPI in a virtual environment ($browser_venv), each installed only when missing.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "installing chromium and chromium-driver"
    { apt-get update -qq && apt-get install -y -qq chromium chromium-driver; } >/dev/null
fi
browser_venv=.build/dashboard-venv
if ! "$browser_venv/bin/pip" show selenium 2>/dev/null | grep -qx "Version: 4.27.1"; then
    python3 -m venv "$browser_venv"
    "$browser_venv/bin/pip" install --quiet "selenium==4.27.1"
fi
