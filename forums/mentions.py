"""Case studies mentioned by URL in a post, shown as small cards.

Cards are worked out when a post is shown, for the person looking, never
stored: a members-only case study gives no card to a visitor, and an
anonymous case study shows only the label this viewer may see. Solutions
have no public page yet, so only case study URLs become cards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings

from casestudies.models import CaseStudyPage

MAX_CARDS_PER_POST = 5
# Links (Markdown links, linkified URLs) and bare URLs the linkifier skipped
# (hosts without a public suffix, such as localhost).
_HREF = re.compile(r'<a\s[^>]*?href="([^"]+)"', re.IGNORECASE)
_BARE_URL = re.compile(r'https?://[^\s<>"\']+', re.IGNORECASE)


@dataclass(frozen=True)
class Card:
    title: str
    url: str
    label: str
    outcome: str
    outcome_label: str
    members_only: bool


def _site_hosts(request_host: str | None) -> set[str]:
    hosts = {urlsplit(settings.SITE_URL).netloc.lower()}
    if request_host:
        hosts.add(request_host.lower())
    return hosts


def _local_path(href: str, hosts: set[str]) -> str | None:
    """The path of `href` if it points at this site, else None."""
    parts = urlsplit(href)
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return None
    if parts.netloc and parts.netloc.lower() not in hosts:
        return None
    if not parts.path.startswith("/"):
        return None
    path = unquote(parts.path)
    return path if path.endswith("/") else f"{path}/"


def _without_language(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def linked_paths(html: str, *, request_host: str | None = None) -> list[str]:
    """Site-local paths linked from sanitized post HTML, in order, once each."""
    hosts = _site_hosts(request_host)
    seen: list[str] = []
    html = html or ""
    bare = [url.rstrip(".,;:!?)") for url in _BARE_URL.findall(html)]
    for href in [*_HREF.findall(html), *bare]:
        path = _local_path(href.replace("&amp;", "&"), hosts)
        if path:
            seen.append(_without_language(path))
    return list(dict.fromkeys(seen))


def cards_for_posts(
    posts: Iterable, *, user, request_host: str | None = None
) -> dict[int, list[Card]]:
    """{post id: cards} for the case studies each post links to and `user` may
    see; one query for the whole page of posts."""
    paths_by_post = {
        post.pk: linked_paths(post.body_html, request_host=request_host)
        for post in posts
    }
    slugs = {
        path.rstrip("/").rsplit("/", 1)[-1]
        for paths in paths_by_post.values()
        for path in paths
    }
    if not slugs:
        return {}
    cards_by_path: dict[str, Card] = {}
    pages = (
        CaseStudyPage.objects.visible_to(user)
        .filter(slug__in=slugs)
        .select_related("municipality__region")
    )
    for page in pages:
        url = page.get_url()
        if not url:
            continue
        cards_by_path[_without_language(unquote(urlsplit(url).path))] = Card(
            title=page.title,
            url=url,
            label=page.attribution_label_for(user),
            outcome=page.outcome,
            outcome_label=page.get_outcome_display(),
            members_only=page.visibility != "public",
        )
    result: dict[int, list[Card]] = {}
    for post_id, paths in paths_by_post.items():
        cards = [cards_by_path[path] for path in paths if path in cards_by_path]
        if cards:
            result[post_id] = cards[:MAX_CARDS_PER_POST]
    return result
