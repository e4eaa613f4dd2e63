"""Discussion tests. The XSS payload helpers live here so the sanitizer tests
and the browser test share them; payloads are only ever loaded into tests."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

# A copy of ../shared/data/xss (licence notes included) kept in tests/data, so
# a fresh clone runs these tests anywhere.
XSS_DIR = Path(__file__).resolve().parents[1] / "data" / "xss"

# Markdown-specific attacks the HTML lists do not cover.
MARKDOWN_PAYLOADS = (
    "[cliquez](javascript:alert(1))",
    "[cliquez](JaVaScRiPt:alert(1))",
    "[cliquez](  javascript:alert(1) )",
    "[cliquez](vbscript:msgbox(1))",
    "[cliquez](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[cliquez](https://exemple.qc.ca "titre" onmouseover="alert(1)")',
    "![image](javascript:alert(1))",
    "![image](https://exemple.qc.ca/x.png)",
    "<javascript:alert(1)>",
    "[a]: javascript:alert(1)\n\n[lien][a]",
    "[cliquez](&#106;avascript:alert(1))",
    "[cliquez](java&#x0A;script:alert(1))",
    "```html\n<script>alert(1)</script>\n```",
    "`<img src=x onerror=alert(1)>`",
    "> <svg onload=alert(1)>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <b onclick=alert(1)>x</b> |",
)


def xss_payload_files() -> list[Path]:
    """Every payload list in the shared folder (licences left out)."""
    return sorted(
        path
        for path in XSS_DIR.rglob("*")
        if path.is_file()
        and path.suffix in {".txt", ".json"}
        and not path.name.startswith("LICENSE")
    )


def load_payloads(path: Path) -> list[str]:
    """One payload per non-blank line; DOMPurify's JSON: each object's payload."""
    if path.suffix == ".json":
        return [item["payload"] for item in json.loads(path.read_text()) if item]
    text = path.read_text(encoding="utf-8", errors="replace")
    return [line for line in text.splitlines() if line.strip()]


URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "background",
    "poster",
    "srcset",
    "xlink:href",
    "data",
    "dynsrc",
    "lowsrc",
    "codebase",
    "cite",
}
DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "math",
    "base",
    "meta",
    "form",
    "img",
    "video",
    "audio",
    "link",
    "template",
}
_BAD_URL = re.compile(r"^(javascript|vbscript|data|livescript):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


class _Inspector(HTMLParser):
    """Collects what a browser would treat as markup: tags and attributes."""

    def __init__(self, allowed_scripts: tuple[str, ...], allowed_tags: set[str]):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.allowed_scripts = allowed_scripts
        self.allowed_tags = allowed_tags

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in DANGEROUS_TAGS and tag not in self.allowed_tags:
            src = attributes.get("src") or ""
            if not (tag == "script" and src.startswith(self.allowed_scripts)):
                self.problems.append(f"<{tag}> tag")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}")
            if name == "style":
                self.problems.append("style attribute")
            if name in URL_ATTRIBUTES and value:
                cleaned = _INVISIBLE.sub("", html.unescape(value)).lower()
                if _BAD_URL.match(cleaned):
                    self.problems.append(f"{name}={value[:40]!r}")

    handle_startendtag = handle_starttag


def html_problems(
    markup: str,
    *,
    allowed_scripts: tuple[str, ...] = (),
    allowed_tags: frozenset[str] = frozenset(),
) -> list[str]:
    """Script tags, event handlers, style injection or script/data URLs in markup.

    Escaped text (`&lt;script&gt;`) is text, not markup, and is fine.
    """
    inspector = _Inspector(allowed_scripts, set(allowed_tags))
    inspector.feed(markup)
    inspector.close()
    return inspector.problems
