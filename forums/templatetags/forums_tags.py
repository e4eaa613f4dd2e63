"""Small helpers for discussion templates."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def display_name(user) -> str:
    """The name a member chose, else their full name; never their email."""
    if user is None:
        return _("Ancien membre")
    profile = getattr(user, "profile", None)
    if profile and profile.display_name:
        return profile.display_name
    return user.get_full_name() or _("Membre de Carrefour")


@register.filter
def municipality_of(user) -> str:
    profile = getattr(user, "profile", None) if user else None
    municipality = getattr(profile, "municipality", None)
    return municipality.name if municipality else ""


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None
