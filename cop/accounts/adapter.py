"""Carrefour's django-allauth adapter: French messages, the sign-up profile,
suspended accounts kept out, and pending members told where they stand."""

from __future__ import annotations

from typing import Any, ClassVar

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cop.accounts import services
from cop.accounts.models import ApprovalStatus, RoleKind, User
from cop.accounts.roles import is_member
from cop.accounts.signup import approval_status_of, is_suspended, profile_of

PENDING_MESSAGE = _(
    "Votre inscription attend l'approbation d'un modérateur. D'ici là, vous "
    "pouvez consulter le contenu public ; vous recevrez un courriel dès qu'une "
    "décision sera prise."
)
REFUSED_MESSAGE = _(
    "Votre demande d'inscription a été refusée : les espaces réservés aux "
    "membres ne vous sont pas ouverts. Le motif vous a été envoyé par courriel."
)
SUSPENDED_MESSAGE = _(
    "Votre compte est suspendu : vous ne pouvez pas vous connecter pour le "
    "moment. Vos contributions restent en ligne. Pour en savoir plus, écrivez à "
    "l'équipe de modération de Carrefour."
)


def user_display(user: User) -> str:
    """How allauth names a person in messages and emails (ACCOUNT_USER_DISPLAY)."""
    profile = profile_of(user)
    if profile and profile.display_name:
        return profile.display_name
    return user.get_full_name() or user.email


class AccountAdapter(DefaultAccountAdapter):
    error_messages: ClassVar[dict] = {
        **DefaultAccountAdapter.error_messages,
        "email_taken": _(
            "Un compte existe déjà avec cette adresse courriel. Connectez-vous, ou "
            "choisissez « Mot de passe oublié ? » si vous ne vous en souvenez plus."
        ),
        "email_password_mismatch": _(
            "L'adresse courriel ou le mot de passe est incorrect."
        ),
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion échouées. Pour protéger ce compte, "
            "patientez quelques minutes avant de réessayer, ou réinitialisez votre "
            "mot de passe."
        ),
        "account_inactive": _("Ce compte est désactivé."),
        "rate_limited": _(
            "Trop de demandes en peu de temps. Patientez quelques minutes, puis "
            "réessayez."
        ),
        "unverified_primary_email": _("Votre adresse courriel doit être confirmée."),
    }

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            data = form.cleaned_data
            services.create_sign_up_profile(
                user=user,
                display_name=data.get("display_name") or "",
                role_kind=data.get("role_kind") or RoleKind.EMPLOYEE,
                bio=data.get("bio") or "",
            )
        return user

    def pre_login(
        self, request: HttpRequest, user, **kwargs: Any
    ) -> HttpResponse | None:
        response = super().pre_login(request, user, **kwargs)
        if response is not None:
            return response
        if is_suspended(user):
            clear_login(request)
            return render(
                request,
                "account/account_suspended.html",
                {"message": SUSPENDED_MESSAGE},
                status=403,
            )
        return None

    def post_login(self, request: HttpRequest, user, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        status = approval_status_of(user)
        if status == ApprovalStatus.PENDING and not is_member(user):
            messages.info(request, gettext(PENDING_MESSAGE))
        elif status == ApprovalStatus.REFUSED:
            messages.warning(request, gettext(REFUSED_MESSAGE))
        return response
