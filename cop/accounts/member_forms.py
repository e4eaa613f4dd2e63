"""Forms of the member pages (profile, privacy, member administration).

The role rules live in `roles.py`, the writes in `services.py`."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop.accounts.models import Profile, User
from cop.accounts.roles import MemberRole, allowed_roles_for
from cop.core.validators import validate_no_html
from cop.taxonomy.models import Municipality

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
