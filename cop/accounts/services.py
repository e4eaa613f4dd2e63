"""Writes to accounts: sign-up profiles, admission, moderator decisions, suspension.

Every function is keyword-only and atomic. Emails to the member leave only once
the transaction has committed (``transaction.on_commit``), so a rolled-back
decision never announces itself; a mail server failure is logged, never shown.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cop.accounts.models import ApprovalStatus, Profile, RoleKind, User
from cop.accounts.roles import (
    MEMBERS,
    ROLE_GROUP_NAMES,
    ROLE_GROUPS,
    STAFF_ROLES,
    MemberRole,
    is_administrator,
    is_moderator,
    may_manage,
)
from cop.accounts.signup import municipal_domain_for_email
from cop.taxonomy.models import Municipality

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"


class AccountActionError(Exception):
    """A decision that cannot be applied; the message is shown to the moderator."""


@transaction.atomic
def ensure_demo_account(
    *,
    email: str,
    password: str,
    groups: Sequence[str],
    display_name: str,
    municipality: Municipality | None = None,
) -> tuple[User, bool]:
    """Create (or reset) a verified, approved account for local demos."""
    user, created = User.objects.get_or_create(email=email)
    user.set_password(password)
    user.is_active = True
    user.save()
    user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in groups))
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Profile.objects.update_or_create(
        user=user,
        defaults={
            "display_name": display_name,
            "municipality": municipality,
            "approval_status": ApprovalStatus.APPROVED,
        },
    )
    return user, created


def ensure_demo_moderator(*, email: str, password: str) -> tuple[User, bool]:
    """Create (or reset) a verified moderator account for local demos."""
    return ensure_demo_account(
        email=email,
        password=password,
        groups=[MEMBERS, MODERATORS_GROUP],
        display_name="Modération (démo)",
    )


# --- Member administration ---------------------------------------------------


@transaction.atomic
def update_profile(
    *,
    user: User,
    display_name: str,
    role_kind: str,
    bio: str,
    notification_frequency: str,
) -> Profile:
    """A member edits what they say about themselves (never their municipality)."""
    profile = ensure_profile(user=user)
    profile.display_name = display_name
    profile.role_kind = role_kind
    profile.bio = bio
    profile.notification_frequency = notification_frequency
    profile.save(
        update_fields=["display_name", "role_kind", "bio", "notification_frequency"]
    )
    return profile


@transaction.atomic
def change_member_role(*, user: User, by: User, role: MemberRole) -> None:
    """Give `user` exactly the role groups of `role` (other groups are kept)."""
    if not may_manage(actor=by, target=user) or (
        role in STAFF_ROLES and not is_administrator(by)
    ):
        raise PermissionDenied("This moderator may not give this role to this member.")
    if user.is_superuser:
        raise PermissionDenied("A superuser's rights are not managed by groups.")
    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS))
    user.groups.add(
        *(Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUP_NAMES[role])
    )
    user.__dict__.pop("_carrefour_groups", None)
    with translation.override(settings.LANGUAGE_CODE):
        _log(by=by, obj=user, message=_("Rôle : %s") % role.label)


@transaction.atomic
def set_member_municipality(
    *, user: User, by: User, municipality: Municipality | None
) -> Profile:
    if not may_manage(actor=by, target=user):
        raise PermissionDenied("This moderator may not manage this member.")
    profile = ensure_profile(user=user)
    profile.municipality = municipality
    profile.save(update_fields=["municipality"])
    with translation.override(settings.LANGUAGE_CODE):
        message = (
            _("Municipalité : %s") % municipality.name
            if municipality
            else _("Municipalité retirée.")
        )
        _log(by=by, obj=user, message=message)
    return profile


# --- Sign-up and admission ---------------------------------------------------


@transaction.atomic
def create_sign_up_profile(
    *,
    user: User,
    display_name: str = "",
    role_kind: str = RoleKind.EMPLOYEE,
    bio: str = "",
) -> Profile:
    """The profile of someone who just signed up: pending until an address on a
    municipal domain is verified or a moderator approves them."""
    profile, created = Profile.objects.get_or_create(
        user=user,
        defaults={
            "display_name": display_name.strip(),
            "role_kind": role_kind,
            "bio": bio.strip(),
            "approval_status": ApprovalStatus.PENDING,
        },
    )
    if not created:
        profile.display_name = display_name.strip() or profile.display_name
        profile.role_kind = role_kind or profile.role_kind
        profile.bio = bio.strip() or profile.bio
        profile.save(update_fields=["display_name", "role_kind", "bio"])
    return profile


@transaction.atomic
def ensure_profile(*, user: User) -> Profile:
    """Every signed-up person has a profile; pending unless decided otherwise."""
    return _get_or_create_profile(user)


@transaction.atomic
def admit_verified_address(*, user: User, email: str) -> Profile | None:
    """Apply the municipal domain rule to an address that has just been verified.

    Returns the profile when the address made a pending person a member of its
    municipality; None otherwise (unknown domain, or a decision already taken:
    a moderator's refusal is never overridden by the rule).
    """
    domain = municipal_domain_for_email(email)
    _get_or_create_profile(user)
    if domain is None:
        return None
    profile = _locked_profile(user)
    if profile.approval_status != ApprovalStatus.PENDING:
        return None
    profile.municipality = domain.municipality
    profile.approval_status = ApprovalStatus.APPROVED
    profile.approval_decided_by = None
    profile.approval_decided_at = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        profile.approval_note = _(
            "Admission automatique : adresse %(email)s vérifiée sur le domaine "
            "municipal %(domain)s."
        ) % {"email": email, "domain": domain.domain}
    profile.save()
    user.groups.add(_members_group())
    return profile


# --- Moderator decisions on pending sign-ups ----------------------------------


@transaction.atomic
def approve_sign_up(
    *, profile: Profile, by: User, municipality: Municipality | None = None
) -> Profile:
    """A moderator admits a pending person, attached to a municipality or not."""
    _check_moderator(by)
    locked = _pending_profile(profile)
    locked.municipality = municipality
    locked.approval_status = ApprovalStatus.APPROVED
    locked.approval_decided_by = by
    locked.approval_decided_at = timezone.now()
    locked.approval_note = ""
    locked.save()
    locked.user.groups.add(_members_group())
    _email_after_commit(
        template="sign_up_approved",
        user=locked.user,
        context={"profile": locked, "municipality": municipality},
    )
    return locked


@transaction.atomic
def refuse_sign_up(*, profile: Profile, by: User, reason: str) -> Profile:
    """A moderator refuses a pending sign-up; the person is told why."""
    _check_moderator(by)
    reason = reason.strip()
    if not reason:
        raise AccountActionError(_("Indiquez le motif du refus."))
    locked = _pending_profile(profile)
    locked.approval_status = ApprovalStatus.REFUSED
    locked.approval_decided_by = by
    locked.approval_decided_at = timezone.now()
    locked.approval_note = reason
    locked.save()
    _email_after_commit(
        template="sign_up_refused",
        user=locked.user,
        context={"profile": locked, "reason": reason},
    )
    return locked


# --- Suspension ---------------------------------------------------------------


@transaction.atomic
def suspend_member(*, user: User, by: User, reason: str) -> Profile:
    """Stop someone from signing in; their content stays where it is.

    An open session ends at its next request (SuspendedAccountMiddleware).
    Suspending an already suspended member changes nothing and sends nothing.
    """
    _check_moderator(by)
    reason = reason.strip()
    if not reason:
        raise AccountActionError(_("Indiquez le motif de la suspension."))
    if user.pk == by.pk:
        raise AccountActionError(_("Vous ne pouvez pas suspendre votre propre compte."))
    profile = _locked_profile(user)
    if profile.suspended_at is not None:
        return profile
    profile.suspended_at = timezone.now()
    profile.suspension_reason = reason
    profile.save(update_fields=["suspended_at", "suspension_reason"])
    _log(by=by, obj=profile, message=_("Compte suspendu : %s") % reason)
    _email_after_commit(
        template="account_suspended",
        user=profile.user,
        context={"profile": profile, "reason": reason},
    )
    return profile


@transaction.atomic
def reactivate_member(*, user: User, by: User) -> Profile:
    """Lift a suspension; the member may sign in again."""
    _check_moderator(by)
    profile = _locked_profile(user)
    if profile.suspended_at is None:
        return profile
    profile.suspended_at = None
    profile.suspension_reason = ""
    profile.save(update_fields=["suspended_at", "suspension_reason"])
    _log(by=by, obj=profile, message=_("Compte réactivé."))
    _email_after_commit(
        template="account_reactivated", user=profile.user, context={"profile": profile}
    )
    return profile


# --- Helpers ------------------------------------------------------------------


def _get_or_create_profile(user: User) -> Profile:
    """The user's profile; one created for an account that predates profiles
    and already holds a role counts as approved (a moderator put them there)."""
    has_role = user.is_superuser or user.groups.filter(name__in=ROLE_GROUPS).exists()
    profile, _created = Profile.objects.get_or_create(
        user=user,
        defaults={
            "approval_status": ApprovalStatus.APPROVED
            if has_role
            else ApprovalStatus.PENDING
        },
    )
    return profile


def _locked_profile(user: User) -> Profile:
    _get_or_create_profile(user)
    return Profile.objects.select_for_update().select_related("user").get(user=user)


def _members_group() -> Group:
    return Group.objects.get_or_create(name=MEMBERS)[0]


def _check_moderator(user: User) -> None:
    if not is_moderator(user):
        raise AccountActionError(
            _("Seule l'équipe de modération peut prendre cette décision.")
        )


def _pending_profile(profile: Profile) -> Profile:
    locked = (
        Profile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    )
    if locked.approval_status != ApprovalStatus.PENDING:
        raise AccountActionError(
            _("Cette inscription a déjà été traitée : %(status)s.")
            % {"status": locked.get_approval_status_display()}
        )
    return locked


def _log(*, by: User, obj: User | Profile, message: str) -> None:
    """Who changed whose role, municipality or suspension: Django's admin history
    keeps it (the profile has no "changed by" fields)."""
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def _email_after_commit(*, template: str, user: User, context: dict) -> None:
    transaction.on_commit(
        partial(send_account_email, template=template, user=user, context=context),
        robust=True,
    )


def send_account_email(*, template: str, user: User, context: dict) -> None:
    """Send ``account/email/<template>_subject.txt`` and ``_message.txt``.

    In French: the member's language is not known and French is the site's
    first language.
    """
    with translation.override(settings.LANGUAGE_CODE):
        full_context = {
            "user": user,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "site_url": settings.SITE_URL,
            "login_url": settings.SITE_URL + reverse("account_login"),
            **context,
        }
        subject = render_to_string(
            f"account/email/{template}_subject.txt", full_context
        )
        body = render_to_string(f"account/email/{template}_message.txt", full_context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "") or ""
    send_mail(
        subject=prefix + " ".join(subject.split()),
        message=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
