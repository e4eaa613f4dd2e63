"""Forms of the member pages (profile, privacy, member administration), the role
rules they enforce, and the writes they lead to.

The writes are typed keyword-only functions, each in one transaction; they sit
here rather than in `services.py` only to keep two people's edits apart while
both are written (suspension and profiles come from `services.py`).
"""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cop.accounts import services
from cop.accounts.models import Profile, User
from cop.accounts.roles import (
    ADMINISTRATORS,
    CONTRIBUTORS,
    MEMBERS,
    MODERATORS,
    ROLE_GROUPS,
    is_moderator,
)
from cop.core.validators import validate_no_html
from cop.taxonomy.models import Municipality

# --- Roles ----------------------------------------------------------------------


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
    `roles._groups`, also answers for suspended or inactive accounts."""
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


# --- Writes ----------------------------------------------------------------------


def _record(*, by: User, user: User, message: str) -> None:
    """Who changed whose role or municipality: kept in Django's admin history,
    like suspensions (services.py)."""
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


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
    profile = services.ensure_profile(user=user)
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
        _record(by=by, user=user, message=gettext("Rôle : %s") % role.label)


@transaction.atomic
def set_member_municipality(
    *, user: User, by: User, municipality: Municipality | None
) -> Profile:
    if not may_manage(actor=by, target=user):
        raise PermissionDenied("This moderator may not manage this member.")
    profile = services.ensure_profile(user=user)
    profile.municipality = municipality
    profile.save(update_fields=["municipality"])
    with translation.override(settings.LANGUAGE_CODE):
        message = (
            gettext("Municipalité : %s") % municipality.name
            if municipality
            else gettext("Municipalité retirée.")
        )
        _record(by=by, user=user, message=message)
    return profile


# --- Forms -----------------------------------------------------------------------


class ProfileForm(forms.ModelForm):
    """What a member may change about themselves; the municipality is not here."""

    class Meta:
        model = Profile
        fields = ("display_name", "role_kind", "bio", "notification_frequency")
        labels: ClassVar[dict] = {
            "display_name": _("Nom affiché"),
            "role_kind": _("Vous êtes"),
            "bio": _("Présentation"),
            "notification_frequency": _("Courriels de notification"),
        }
        help_texts: ClassVar[dict] = {
            "display_name": _(
                "Le nom que les autres membres voient. Laissez vide pour utiliser "
                "votre prénom et votre nom."
            ),
            "bio": _(
                "Quelques lignes sur votre travail et vos projets, en texte seulement "
                "(1000 caractères au plus)."
            ),
        }
        widgets: ClassVar[dict] = {
            "bio": forms.Textarea(attrs={"rows": 6}),
            "notification_frequency": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].validators.append(validate_no_html)
        self.fields["bio"].validators.append(validate_no_html)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour confirmer que c'est bien vous."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Ce mot de passe est incorrect."), code="password_incorrect"
            )
        return password


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Actif")
    PENDING = "pending", _("En attente")
    SUSPENDED = "suspended", _("Suspendu")


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Courriel ou nom"), required=False, max_length=200, strip=True
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        required=False,
        choices=[("", _("Tous les rôles")), *MemberRole.choices],
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipalité"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("Toutes les municipalités"),
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous les statuts")), *MemberStatus.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only municipalities that have members: a short list instead of 1100.
        self.fields["municipality"].queryset = (
            Municipality.objects.filter(profiles__isnull=False)
            .distinct()
            .order_by("name")
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rôle"),
        error_messages={
            "invalid_choice": _(
                "Vous ne pouvez pas attribuer ce rôle : seuls les administrateurs "
                "nomment ou retirent les modérateurs et les administrateurs."
            )
        },
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = allowed_roles_for(actor)


class MunicipalityForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipalité"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Aucune municipalité"),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la suspension"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_html],
        help_text=_("Consigné au dossier du membre ; il peut le consulter."),
    )
