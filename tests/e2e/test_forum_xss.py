"""A thread full of real XSS payloads, rendered in Chromium: no script runs."""

from __future__ import annotations

import re

import pytest

from forums import services, views
from tests.factories import ThemeFactory, UserFactory, give_profile, verify_email
from tests.forums import MARKDOWN_PAYLOADS, load_payloads, xss_payload_files

PASSWORD = "mot-de-passe-solide-1"
SAMPLE_SIZE = 200

CANARY = """
window.__xss = false;
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function () { window.__xss = true; };
}
"""


def _sample() -> list[str]:
    """About SAMPLE_SIZE payloads spread evenly over every list, plus Markdown."""
    everything = [
        payload
        for path in xss_payload_files()
        for payload in load_payloads(path)
        if payload.strip()
    ]
    step = max(len(everything) // (SAMPLE_SIZE - len(MARKDOWN_PAYLOADS)), 1)
    return [*everything[::step], *MARKDOWN_PAYLOADS][:SAMPLE_SIZE]


@pytest.fixture
def hostile_thread(transactional_db):
    author = UserFactory(email="auteur@xss.exemple.qc.ca", groups=["Members"])
    reader = UserFactory(email="lecture@xss.exemple.qc.ca", groups=["Members"])
    give_profile(author, display_name="Auteur <script>alert(1)</script>")
    verify_email(reader)
    theme = ThemeFactory(slug="xss-e2e", name_fr="Essais de sécurité")
    payloads = _sample()
    thread = services.create_thread(
        theme=theme,
        author=author,
        title='"><img src=x onerror=alert(1)> Fil piégé',
        body=payloads[0],
        visibility="public",
        enforce_rate_limits=False,
    )
    for payload in payloads[1:]:
        services.reply(
            thread=thread, author=author, body=payload, enforce_rate_limits=False
        )
    return {"thread": thread, "reader": reader, "count": len(payloads)}


def _sign_in(page, email):
    page.goto("/comptes/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def test_thread_with_xss_payloads_runs_no_script(page, hostile_thread, monkeypatch):
    monkeypatch.setattr(views, "POSTS_PER_PAGE", SAMPLE_SIZE + 1)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.context.add_init_script(CANARY)
    _sign_in(page, hostile_thread["reader"].email)

    page.goto(hostile_thread["thread"].get_absolute_url())
    # Give handlers that need a pointer or focus their chance to fire.
    posts = page.locator("article.post")
    for index in range(posts.count()):
        posts.nth(index).hover()
    for _ in range(20):
        page.keyboard.press("Tab")
    page.wait_for_timeout(1_000)

    assert page.evaluate("window.__xss") is False
    assert dialogs == []
    assert page.locator(".post__body").count() == hostile_thread["count"]
    scripts = page.evaluate(
        "[...document.scripts].map(s => s.getAttribute('src') || 'inline')"
    )
    assert all(re.match(r"^/static/", src) for src in scripts), scripts
    handlers = page.evaluate(
        """[...document.querySelectorAll('.post__body *')].flatMap(el =>
             [...el.attributes].map(a => a.name)
               .filter(n => n.startsWith('on') || n === 'style'))"""
    )
    assert handlers == []
