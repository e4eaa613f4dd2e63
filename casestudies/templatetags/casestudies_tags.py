"""Presentation helpers for case studies: money, numbers, badges and labels."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from casestudies.models import CaseStudyIndexPage, CaseStudyPage, Outcome
from cop.core.languages import english_is_active

register = template.Library()

MINUS = "\u2212"  # a real minus sign, read correctly by screen readers
NBSP = "\u00a0"

# A symbol next to the words, so the outcome never relies on colour alone.
OUTCOME_SYMBOLS = {
    Outcome.SUCCESS: "✔",
    Outcome.PARTIAL: "◐",
    Outcome.FAILURE: "✖",
    Outcome.ABANDONED: "■",
    Outcome.ONGOING: "…",
}


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def number(value) -> str:
    """A number in the active language: "1 234,5" in French, "1,234.5" in English."""
    amount = _decimal(value)
    if amount is None:
        return ""
    amount = amount.normalize()
    places = max(0, -amount.as_tuple().exponent)
    return formats.number_format(amount, decimal_pos=places, force_grouping=True)


@register.filter
def cad(value) -> str:
    """Canadian dollars as Quebec writes them: "185 000 $" ("$185,000" in English)."""
    amount = _decimal(value)
    if amount is None:
        return ""
    places = 0 if amount == amount.to_integral_value() else 2
    digits = formats.number_format(abs(amount), decimal_pos=places, force_grouping=True)
    sign = MINUS if amount < 0 else ""
    if english_is_active():
        return f"{sign}${digits}"
    return f"{sign}{digits}{NBSP}$"


@register.simple_tag
def indicator_change(baseline, result) -> str:
    """How an indicator moved: "-38 %" (with U+2212, a real minus sign), "+12 %".

    Against a zero baseline a percentage means nothing, so the raw difference is
    given instead."""
    before, after = _decimal(baseline), _decimal(result)
    if before is None or after is None:
        return ""
    if before == 0:
        difference = after - before
        if difference == 0:
            return "0"
        sign = "+" if difference > 0 else MINUS
        return f"{sign}{number(abs(difference))}"
    percent = ((after - before) / abs(before) * 100).quantize(Decimal("1"))
    if percent == 0:
        return f"0{NBSP}%"
    sign = "+" if percent > 0 else MINUS
    if english_is_active():
        return f"{sign}{abs(percent)}%"
    return f"{sign}{abs(percent)}{NBSP}%"


@register.simple_tag
def outcome_badge(case: CaseStudyPage) -> str:
    """The outcome as a badge with words and a symbol (colour only repeats them)."""
    if case.outcome == Outcome.ONGOING:
        label = _("Projet en cours")
    else:
        label = case.get_outcome_display()
    return format_html(
        '<span class="badge badge--{}"><span aria-hidden="true">{}</span> {}</span>',
        case.outcome,
        OUTCOME_SYMBOLS.get(case.outcome, "•"),
        label,
    )


@register.simple_tag
def attribution_label(case: CaseStudyPage, user) -> str:
    """The municipality's name, or the anonymous label when this viewer may not
    know it."""
    return case.attribution_label_for(user)


@register.filter
def choice_label(struct_value, name: str) -> str:
    """The label of a ChoiceBlock inside a StructBlock value ("tender" → the words)."""
    raw = struct_value.get(name)
    child = struct_value.block.child_blocks.get(name)
    choices = getattr(getattr(child, "field", None), "choices", None) or []
    return str(dict(choices).get(raw, raw or ""))


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


@register.simple_tag(takes_context=True)
def case_studies_nav(context) -> dict | None:
    """The case study index's URL for the main navigation, and whether the
    current page is it or sits under it (one query per request)."""
    request = context.get("request")
    cached = getattr(request, "_carrefour_case_index", None) if request else None
    if cached is None:
        index = CaseStudyIndexPage.objects.live().first()
        cached = index or False
        if request is not None:
            request._carrefour_case_index = cached
    if not cached:
        return None
    # aria-current: "page" on the index itself, "true" anywhere below it.
    page = context.get("page")
    current = ""
    if page is not None and getattr(page, "path", "").startswith(cached.path):
        current = "page" if page.pk == cached.pk else "true"
    return {"url": cached.get_url(request=request), "current": current}
