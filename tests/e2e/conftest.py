"""Browser tests: real Chromium (Debian's /usr/bin/chromium) driven by Playwright
against Django's live test server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.state import restore_migration_state

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)

# Chromium must not reach for the network: this machine has none but loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the tests
    # themselves only touch the database synchronously.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `sudo apt-get install chromium` "
            "(make test does it when run as root).",
            pytrace=False,
        )
    # Playwright gives every launch a new, empty profile directory.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-CA")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def axe_violations():
    """Run axe-core in the page; return serious and critical violations."""
    if not AXE_JS.exists():
        pytest.fail(
            f"{AXE_JS} is missing: run `npm ci --prefix tests/e2e` (make test does).",
            pytrace=False,
        )

    def run(page) -> list[dict]:
        page.add_script_tag(path=str(AXE_JS))
        results = page.evaluate("async () => await axe.run(document)")
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "nodes": [n["html"] for n in v["nodes"]],
            }
            for v in results["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    return run


@pytest.fixture(autouse=True)
def _migration_data_restored(transactional_db):
    """Browser tests run on a flushed database (live server, transactional), and
    Django's serialized rollback cannot help: Playwright's event loop gives the
    test another database connection object. So rebuild what the migrations
    created: page tree, roles and their rights, the moderation workflow, themes."""
    restore_migration_state()
