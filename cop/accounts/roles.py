"""Carrefour's roles are Django groups; these helpers answer "may this user…"."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from cop.accounts.models import User

MEMBERS = "Members"
CONTRIBUTORS = "Contributors"
MODERATORS = "Moderators"
ADMINISTRATORS = "Administrators"
ROLE_GROUPS = (MEMBERS, CONTRIBUTORS, MODERATORS, ADMINISTRATORS)


def _groups(user: User | AnonymousUser) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    cached = getattr(user, "_carrefour_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._carrefour_groups = cached
    return cached


def is_member(user: User | AnonymousUser) -> bool:
    """Signed in with a role: may read members-only content."""
    return bool(user.is_authenticated and user.is_active) and (
        user.is_superuser or bool(_groups(user) & set(ROLE_GROUPS))
    )


def is_contributor(user: User | AnonymousUser) -> bool:
    return is_moderator(user) or CONTRIBUTORS in _groups(user)


def is_moderator(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active) and (
        user.is_superuser or bool(_groups(user) & {MODERATORS, ADMINISTRATORS})
    )


def municipality_id_of(user: User | AnonymousUser) -> int | None:
    """The municipality a signed-in user works for, if their profile says so."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.municipality_id if profile else None
