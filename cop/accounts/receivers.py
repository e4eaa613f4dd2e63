"""Signal receivers for django-allauth events, connected in AccountsConfig.ready."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed, user_signed_up
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cop.accounts import services
from cop.accounts.models import User


def admit_municipal_address(
    sender, request: HttpRequest | None, email_address: EmailAddress, **kwargs
) -> None:
    """A verified address on a municipal domain makes a pending person a member.

    Only here, on verification: an unverified address never grants anything.
    """
    profile = services.admit_verified_address(
        user=email_address.user, email=email_address.email
    )
    if profile is not None and request is not None:
        messages.success(
            request,
            _(
                "Votre adresse %(email)s appartient à %(municipality)s : vous êtes "
                "maintenant membre de Carrefour."
            )
            % {"email": email_address.email, "municipality": profile.municipality},
        )


def ensure_sign_up_profile(sender, request: HttpRequest | None, user: User, **kwargs):
    """The adapter creates the profile with the form's answers; this catches any
    other way in (for example a future social sign-in)."""
    services.ensure_profile(user=user)


def connect() -> None:
    email_confirmed.connect(
        admit_municipal_address, dispatch_uid="carrefour.admit_municipal_address"
    )
    user_signed_up.connect(
        ensure_sign_up_profile, dispatch_uid="carrefour.ensure_sign_up_profile"
    )
