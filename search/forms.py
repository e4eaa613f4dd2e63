"""The search page's and the JSON API's parameters.

Lenient by design: a search box must answer whatever is typed. Text is cut to
the contract's limit (with a notice), unknown filter values simply match
nothing, and a page that is not a number means page 1.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from search.contract import FACETS, MAX_PAGE, MAX_QUERY_CHARS

MAX_QUERY_LENGTH = MAX_QUERY_CHARS
MAX_VALUES = 20
MAX_VALUE_CHARS = 100
FILTER_NAMES: tuple[str, ...] = FACETS  # "type" is a filter like the others


def clean_text(value: str) -> str:
    """No null bytes or other control characters reach a search backend."""
    return "".join(ch for ch in value if ch.isprintable() or ch == " ").strip()


class ValuesField(forms.Field):
    """A repeatable GET parameter (?theme=a&theme=b), also accepting a
    comma-separated value (?theme=a,b)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> tuple[str, ...]:
        if not value:
            return ()
        if isinstance(value, str):
            value = [value]
        values: list[str] = []
        for raw in value:
            for part in str(raw).split(","):
                part = clean_text(part)[:MAX_VALUE_CHARS]
                if part and part not in values:
                    values.append(part)
        return tuple(values[:MAX_VALUES])


def parse_page(raw: str | None) -> int:
    """A page number within 1..MAX_PAGE; anything else is page 1."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6:
        return 1
    return min(max(1, int(raw)), MAX_PAGE)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, strip=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in FILTER_NAMES:
            self.fields[name] = ValuesField(required=False)
        self.truncated = False

    def clean_q(self) -> str:
        value = clean_text(self.cleaned_data["q"])
        if len(value) > MAX_QUERY_LENGTH:
            self.truncated = True
            value = value[:MAX_QUERY_LENGTH].strip()
        return value

    @property
    def text(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    @property
    def filters(self) -> dict[str, tuple[str, ...]]:
        if not self.is_valid():
            return {}
        return {
            name: self.cleaned_data[name]
            for name in FILTER_NAMES
            if self.cleaned_data.get(name)
        }

    @property
    def page(self) -> int:
        return parse_page(self.data.get("page"))
