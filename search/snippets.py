"""Text helpers shared by the database backend: tokens, accent folding, stop
words and highlighted snippets.

Snippets are built from plain text (never from stored HTML): the passage is
HTML-escaped first, then matches are wrapped in <mark>, so the result is safe
to render as-is whatever the content contains.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils.html import escape

SNIPPET_CHARS = 240
MAX_TERMS = 12
MIN_TERM_CHARS = 2

WORD_RE = re.compile(r"\w+", re.UNICODE)

# Short, common words that carry no meaning for matching (folded, lowercase).
_STOP_WORDS_TEXT = """
    a au aux avec ce ces c d dans de des du elle en et eux il ils je j la le les
    leur leurs l lui ma mais me meme mes moi mon m ne nos notre nous n on ou par
    pas pour qu que qui s sa se ses son sur ta te tes toi ton tu t un une vos
    votre vous y est sont ete etre avoir ont fait plus tres comme cette cet
    entre aussi sans sous ainsi dont donc puis alors car si tout tous toute
    toutes autre autres peut faire
    an and are as at be been but by for from has have he her his i if in into is
    it its of on or our she so than that the their them then there these they
    this to was we were what when which who will with you your can not no
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())


def fold(text: str) -> str:
    """Lowercase and strip accents, keeping one character per character so
    positions in the folded text match positions in the original."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0].lower()
        out.append(base if len(base) == 1 else char)
    return "".join(out)


def tokens(text: str) -> list[str]:
    """Folded words of `text` (letters and digits only: no search syntax)."""
    return WORD_RE.findall(fold(text))


def query_terms(text: str, *, keep_stop_words: bool = True) -> list[str]:
    """The distinct words of a query, in order, bounded in number.

    Only word characters survive, so quotes, `*`, `^`, parentheses or `NEAR(`
    can never reach a full-text engine as syntax.
    """
    seen: list[str] = []
    for word in WORD_RE.findall(text):
        if word.startswith("_") or word.endswith("_"):
            word = word.strip("_")
        if not word or word in seen:
            continue
        if not keep_stop_words and fold(word) in STOP_WORDS:
            continue
        seen.append(word)
        if len(seen) >= MAX_TERMS:
            break
    return seen


def highlight_terms(text: str) -> list[str]:
    """Folded terms worth highlighting: no stop words, at least two characters."""
    terms = [
        fold(word)
        for word in query_terms(text, keep_stop_words=False)
        if len(word) >= MIN_TERM_CHARS
    ]
    # Longest first, so "agents" wins over "agent" in the alternation.
    return sorted(set(terms), key=len, reverse=True)


def _pattern(terms: Iterable[str]) -> re.Pattern | None:
    terms = list(terms)
    if not terms:
        return None
    alternation = "|".join(re.escape(term) for term in terms)
    # A term matches the start of a word, so "agent" also marks "agents".
    return re.compile(rf"(?<!\w)(?:{alternation})\w*", re.UNICODE)


def _best_window(folded: str, pattern: re.Pattern, size: int) -> tuple[int, int]:
    """The window of `size` characters holding the most distinct matches."""
    matches = list(pattern.finditer(folded))
    if not matches:
        return 0, 0
    best_start, best_score = matches[0].start(), -1
    for i, first in enumerate(matches):
        distinct = set()
        count = 0
        for match in matches[i:]:
            if match.end() - first.start() > size:
                break
            distinct.add(match.group(0))
            count += 1
        score = len(distinct) * 10 + count
        if score > best_score:
            best_start, best_score = first.start(), score
    return best_start, best_score


def _trim(text: str, start: int, size: int) -> tuple[int, int]:
    """Widen a window around `start` to whole words, about `size` long."""
    start = max(0, start - size // 4)
    if start > 0:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space != -1 and start - space < 30 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + size // 2 else end
    return start, end


def make_snippet(texts: Iterable[str], query: str, *, size: int = SNIPPET_CHARS) -> str:
    """Safe HTML: the passage of `texts` that best matches `query`, escaped,
    with matching words in <mark>; the start of the first text when nothing
    matches."""
    texts = [" ".join(t.split()) for t in texts if t and t.strip()]
    if not texts:
        return ""
    pattern = _pattern(highlight_terms(query))
    best: tuple[int, str, int] | None = None  # (score, text, start)
    if pattern is not None:
        for text in texts:
            start, score = _best_window(fold(text), pattern, size)
            if score > 0 and (best is None or score > best[0]):
                best = (score, text, start)
    if best is None:
        text = texts[0]
        start, end = _trim(text, 0, size)
        return _wrap(text, 0, end, None)
    _, text, start = best
    start, end = _trim(text, start, size)
    return _wrap(text, start, end, pattern)


def _wrap(text: str, start: int, end: int, pattern: re.Pattern | None) -> str:
    passage = text[start:end]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    if pattern is None:
        return escape(prefix + passage + suffix)
    parts = [escape(prefix)]
    last = 0
    for match in pattern.finditer(fold(passage)):
        parts.append(escape(passage[last : match.start()]))
        parts.append(f"<mark>{escape(passage[match.start() : match.end()])}</mark>")
        last = match.end()
    parts.append(escape(passage[last:]))
    parts.append(escape(suffix))
    return "".join(parts)
