"""End to end: `streamlit run` on the warehouse the project's own run built, opened in headless
Debian Chromium; every chart must have drawn data. Leaves a screenshot in test-artifacts/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from conftest import ARTIFACTS, DASHBOARD
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
# Chart titles (charts.py via panels.py); the candle and order-flow titles start with the instrument.
EXPECTED_CHARTS = (
    "candles, VWAP and volume",
    "taker order-flow imbalance per minute",
    "24 h volume, top 10",
    "Trades per second",
    "Dead-letter rate by reason",
    "Ingestion latency p50 / p95 / p99",
)

# Per Plotly chart on the page: its title and how many data points its traces hold.
CHARTS_JS = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).map(el => ({
  title: ((el.layout && el.layout.title && el.layout.title.text) || '').replace(/<[^>]*>/g, ''),
  points: (el._fullData || []).reduce((n, t) => n + (t.visible === false ? 0 : (t._length || 0)), 0),
  drawn: el.querySelectorAll('.trace, .point, path.box').length
}));
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with {process.returncode}; log: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not answer on {url} within {timeout} s; log: {log.read_text()[-2000:]}")


@pytest.fixture()
def dashboard_url(built_warehouse, tmp_path):
    port = _free_port()
    log = tmp_path / "streamlit.log"
    env = {**os.environ, "DASHBOARD_BACKEND": "duckdb", "DUCKDB_PATH": str(built_warehouse)}
    with open(log, "w") as out:
        # The real command run.sh execs, from dashboard/ so .streamlit/config.toml applies.
        process = subprocess.Popen(
            [
                str(DASHBOARD / ".venv" / "bin" / "streamlit"),
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=DASHBOARD,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.copyfile(log, ARTIFACTS / "streamlit.log") if ARTIFACTS.is_dir() else None


@pytest.fixture()
def browser(tmp_path):
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            pytest.fail(
                f"{path} is missing: install Debian's chromium and chromium-driver (.ci/run does)",
                pytrace=False,
            )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _warehouse_counts(path: Path) -> tuple[int, int]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return (
            connection.execute("select count(*) from market_summary").fetchone()[0],
            connection.execute("select count(*) from fct_price_drop_alerts").fetchone()[0],
        )


def _table_rows(driver, column: str) -> int:
    """Body rows of the page's table that has a column header `column`."""
    return len(driver.find_elements("xpath", f"//table[.//th[normalize-space()='{column}']]/tbody/tr"))


def _charts_with_data(driver) -> list[dict]:
    return [c for c in driver.execute_script(CHARTS_JS) if c["points"] > 0 and c["drawn"] > 0]


def test_every_chart_renders_with_data_in_chromium(built_warehouse, dashboard_url, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    browser.get(dashboard_url)
    try:
        WebDriverWait(browser, 90, poll_frequency=1).until(
            lambda d: len(_charts_with_data(d)) >= len(EXPECTED_CHARTS)
        )
    except Exception:
        browser.save_screenshot(str(ARTIFACTS / "dashboard-failed.png"))
        raise AssertionError(
            f"charts on the page: {browser.execute_script(CHARTS_JS)}; "
            f"screenshot {ARTIFACTS / 'dashboard-failed.png'}"
        ) from None
    titles = [c["title"] for c in _charts_with_data(browser)]
    for expected in EXPECTED_CHARTS:
        assert any(t.endswith(expected) for t in titles), f"no chart '{expected}' with data in {titles}"

    body = browser.find_element("tag name", "body").text
    for heading in (
        "Market summary",
        "Candles",
        "Order-flow imbalance",
        "Price-drop alerts",
        "Pipeline health",
    ):
        assert heading in body, f"panel '{heading}' missing"
    assert "Traceback" not in body
    assert not browser.find_elements("css selector", '[data-testid="stException"]')
    errors = [e.text for e in browser.find_elements("css selector", '[data-testid="stAlertContentError"]')]
    assert not errors, errors
    # The tables show what the warehouse holds: one summary row per instrument, the alerts or
    # the alerts' empty state.
    instruments, alerts = _warehouse_counts(built_warehouse)
    assert _table_rows(browser, "24 h volume rank") == instruments
    if alerts:
        assert _table_rows(browser, "drop") == min(alerts, 50)
    else:
        assert "No price-drop alerts" in body

    # Whole page in one picture: grow the window to the page's height first.
    height = browser.execute_script(
        "return document.querySelector('[data-testid=\"stMain\"]')"
        "?.scrollHeight || document.body.scrollHeight"
    )
    browser.set_window_size(1400, min(max(height + 120, 1000), 6000))
    time.sleep(2)  # Plotly redraws on resize
    screenshot = ARTIFACTS / "dashboard.png"
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 10_000
