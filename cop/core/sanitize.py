"""The one HTML sanitizing policy: every piece of user-supplied HTML or Markdown
is rendered through `render_markdown()` / `sanitize_html()` before it is stored
or shown.

Markdown is rendered with raw HTML escaped (members write Markdown, not HTML),
then the result is cleaned by bleach against a short allow-list: no scripts, no
event handlers, no style attributes, and links only to http(s), mailto and
site-relative URLs. Sanitizing is idempotent, so stored HTML can be cleaned
again when shown.
"""

from __future__ import annotations

import bleach
import markdown
from bleach.linkifier import Linker

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "td": ["align"],
    "th": ["align"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def _link_attributes(attrs: dict, new: bool = False) -> dict:
    """Links written by members never pass on the page's authority or opener."""
    attrs[(None, "rel")] = "nofollow noopener ugc"
    return attrs


_linker = Linker(callbacks=[_link_attributes], skip_tags={"pre", "code"})


def sanitize_html(html: str) -> str:
    """HTML reduced to the allow-list above; links get rel=nofollow."""
    return _linker.linkify(_cleaner.clean(html or ""))


class _EscapeRawHtml(markdown.extensions.Extension):
    """Markdown that treats raw HTML as text: `<script>` shows as typed."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def render_markdown(source: str) -> str:
    """Sanitized HTML for a member's Markdown text."""
    html = markdown.markdown(
        source or "",
        extensions=[_EscapeRawHtml(), "fenced_code", "tables", "sane_lists"],
        output_format="html",
    )
    return sanitize_html(html)
