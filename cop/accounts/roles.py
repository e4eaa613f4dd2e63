"""Carrefour's roles are Django groups; these helpers answer "may this user…"."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

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


# --- The one role a moderator gives a member ----------------------------------


class MemberRole(models.TextChoices):
    """The one role a moderator picks for a member; each maps to role groups."""

    MEMBER = "member", _("Membre")
    CONTRIBUTOR = "contributor", _("Contributeur ou contributrice")
    MODERATOR = "moderator", _("Modérateur ou modératrice")
    ADMINISTRATOR = "administrator", _("Administrateur ou administratrice")


ROLE_GROUP_NAMES: dict[str, tuple[str, ...]] = {
    MemberRole.MEMBER: (MEMBERS,),
    MemberRole.CONTRIBUTOR: (MEMBERS, CONTRIBUTORS),
    MemberRole.MODERATOR: (MEMBERS, MODERATORS),
    MemberRole.ADMINISTRATOR: (MEMBERS, ADMINISTRATORS),
}
# Only administrators grant or remove these.
STAFF_ROLES = frozenset({MemberRole.MODERATOR, MemberRole.ADMINISTRATOR})


def _group_names(user: User) -> set[str]:
    """Role groups straight from the database (or a prefetch): unlike
    `_groups`, also answers for suspended or inactive accounts."""
    return {group.name for group in user.groups.all()}


def role_of(user: User) -> MemberRole | None:
    names = _group_names(user)
    if user.is_superuser or ADMINISTRATORS in names:
        return MemberRole.ADMINISTRATOR
    if MODERATORS in names:
        return MemberRole.MODERATOR
    if CONTRIBUTORS in names:
        return MemberRole.CONTRIBUTOR
    if MEMBERS in names:
        return MemberRole.MEMBER
    return None


def is_administrator(user: User | AnonymousUser) -> bool:
    """May manage moderators and administrators (superusers and the
    Administrators group)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()


def may_manage(*, actor: User | AnonymousUser, target: User) -> bool:
    """Moderators manage members and contributors; administrators also manage
    moderators and administrators. Nobody manages their own account here."""
    if not is_moderator(actor) or actor.pk == target.pk:
        return False
    return role_of(target) not in STAFF_ROLES or is_administrator(actor)


def allowed_roles_for(actor: User) -> list[tuple[str, str]]:
    administrator = is_administrator(actor)
    return [
        (value, label)
        for value, label in MemberRole.choices
        if administrator or value not in STAFF_ROLES
    ]
