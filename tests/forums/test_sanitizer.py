"""Every XSS payload in ../shared/data/xss goes through the real posting path;
nothing executable survives in the stored HTML or in the rendered thread page."""

from __future__ import annotations

import pytest

from forums import services, views
from forums.models import Post
from tests.forums import (
    MARKDOWN_PAYLOADS,
    html_problems,
    load_payloads,
    xss_payload_files,
)

PAYLOAD_FILES = xss_payload_files()
# What the page itself legitimately contains around the posts.
PAGE_ALLOWED_TAGS = frozenset({"link", "meta", "form"})
PAGE_SCRIPTS = ("/static/",)


def test_xss_payload_folder_is_found():
    assert len(PAYLOAD_FILES) >= 15
    assert sum(len(load_payloads(path)) for path in PAYLOAD_FILES) > 9_000


def _post_all(payloads, *, theme, author, replier) -> list[Post]:
    thread = services.create_thread(
        theme=theme,
        author=author,
        title="Charges hostiles",
        body=payloads[0],
        enforce_rate_limits=False,
    )
    for payload in payloads[1:]:
        services.reply(
            thread=thread, author=replier, body=payload, enforce_rate_limits=False
        )
    return list(thread.posts.all())


def _assert_clean_page(client, thread_url) -> None:
    response = client.get(thread_url)
    assert response.status_code == 200
    problems = html_problems(
        response.content.decode(),
        allowed_scripts=PAGE_SCRIPTS,
        allowed_tags=PAGE_ALLOWED_TAGS,
    )
    assert problems == []


@pytest.mark.parametrize("path", PAYLOAD_FILES, ids=lambda path: path.name)
def test_posting_path_stores_and_renders_no_script_for_payload_file(
    path, client, monkeypatch, theme, member, member_b
):
    payloads = [p for p in load_payloads(path) if p.strip()]
    posts = _post_all(payloads, theme=theme, author=member, replier=member_b)

    assert len(posts) == len(payloads)
    stored = {
        post.body_source: html_problems(post.body_html)
        for post in posts
        if html_problems(post.body_html)
    }
    assert stored == {}

    # The whole thread on one page, as members see it.
    monkeypatch.setattr(views, "POSTS_PER_PAGE", len(payloads) + 1)
    client.force_login(member_b)
    _assert_clean_page(client, posts[0].thread.get_absolute_url())


def test_posting_path_neutralises_hostile_markdown(client, theme, member, member_b):
    posts = _post_all(
        list(MARKDOWN_PAYLOADS), theme=theme, author=member, replier=member_b
    )

    for post in posts:
        assert html_problems(post.body_html) == [], post.body_source
    client.force_login(member_b)
    _assert_clean_page(client, posts[0].thread.get_absolute_url())


def test_hostile_markdown_link_keeps_text_but_drops_script_url(theme, member):
    thread = services.create_thread(
        theme=theme,
        author=member,
        title="Lien piégé",
        body="[cliquez ici](javascript:alert(1)) et [le site](https://exemple.qc.ca)",
    )

    html = thread.posts.get().body_html
    assert "cliquez ici" in html
    assert "javascript" not in html.lower()
    assert 'href="https://exemple.qc.ca"' in html
    assert 'rel="nofollow noopener ugc"' in html


def test_edit_path_sanitizes_like_posting(theme, member):
    thread = services.create_thread(
        theme=theme, author=member, title="Modification", body="Premier jet"
    )
    post = thread.posts.get()

    services.edit_post(
        post=post, editor=member, body='<img src=x onerror="alert(1)"> [x](data:,1)'
    )

    post.refresh_from_db()
    assert html_problems(post.body_html) == []
    assert "&lt;img" in post.body_html


def test_preview_returns_sanitized_html(client, member):
    client.force_login(member)

    response = client.post(
        "/discussions/apercu/",
        {"body": "**gras** <script>alert(1)</script> [x](javascript:alert(1))"},
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>gras</strong>" in body
    assert "&lt;script&gt;" in body
    assert html_problems(body) == []


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        '<a href="DATA:text/html,x">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<p style="background:url(x)">x</p>',
        "<style>p{}</style>",
        "<svg><g/></svg>",
    ],
)
def test_html_problems_flags_executable_markup(markup):
    assert html_problems(markup) != []


def test_html_problems_accepts_escaped_text():
    assert html_problems("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == []
