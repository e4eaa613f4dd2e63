"""Account forms: allauth's sign-in, sign-up and reset forms in Quebec French, and
the moderators' decisions on pending sign-ups."""

from __future__ import annotations

import re

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from django import forms
from django.utils.translation import gettext_lazy as _

from cop.accounts.models import Profile, RoleKind
from cop.taxonomy.models import Municipality

EMAIL_LABEL = _("Adresse courriel")


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = EMAIL_LABEL
        login.widget.attrs.pop("placeholder", None)
        password = self.fields["password"]
        password.label = _("Mot de passe")
        password.widget.attrs.pop("placeholder", None)
        password.help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Rester connecté sur cet appareil")


class SignupForm(allauth_forms.SignupForm):
    """Email and password, plus what moderators need to admit someone from
    outside a municipal domain."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=Profile._meta.get_field("display_name").max_length,
        help_text=_(
            "Votre prénom et votre nom, tels que les autres membres les verront."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role_kind = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=RoleKind.choices,
        initial=RoleKind.EMPLOYEE,
        widget=forms.RadioSelect,
    )
    bio = forms.CharField(
        label=_("Présentez-vous"),
        required=False,
        max_length=Profile._meta.get_field("bio").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Votre organisation et votre fonction. Si votre adresse courriel n'est "
            "pas celle d'une municipalité, ces renseignements aident l'équipe de "
            "modération à approuver votre inscription."
        ),
    )

    field_order = (
        "email",
        "display_name",
        "role_kind",
        "bio",
        "password1",
        "password2",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = EMAIL_LABEL
        email.widget.attrs.pop("placeholder", None)
        self.fields["password1"].label = _("Mot de passe")
        self.fields["password2"].label = _("Mot de passe (confirmation)")
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)

    def validate_unique_email(self, value: str) -> str:
        """Say plainly that the address is taken, instead of allauth's silent
        "account already exists" email: people signing up here are colleagues
        who forgot they had an account, and the form keeps what they typed."""
        email = super().validate_unique_email(value)
        if self.account_already_exists:
            self.account_already_exists = False
            raise get_adapter().validation_error("email_taken")
        return email


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL
        self.fields["email"].widget.attrs.pop("placeholder", None)


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL
        self.fields["email"].widget.attrs.pop("placeholder", None)


# --- Moderation of pending sign-ups -------------------------------------------

_TRAILING_CODE = re.compile(r"(\d{5})\s*$")


def municipality_choice_label(municipality: Municipality) -> str:
    """What the moderator picks in the list; ends with the geographic code,
    because several Quebec municipalities share a name."""
    name, region = municipality.name, municipality.region.name
    return f"{name} ({region}) – {municipality.geographic_code}"


class MunicipalityField(forms.CharField):
    """A municipality typed or picked from a list, identified by its geographic
    code (or by its name when that name is unique)."""

    widget = forms.TextInput(attrs={"list": "municipalites", "autocomplete": "off"})

    def clean(self, value) -> Municipality | None:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        match = _TRAILING_CODE.search(text)
        if match:
            found = Municipality.objects.filter(geographic_code=match[1]).first()
            if found:
                return found
        by_name = list(Municipality.objects.filter(name__iexact=text)[:2])
        if len(by_name) == 1:
            return by_name[0]
        raise forms.ValidationError(
            _(
                "Municipalité introuvable : choisissez-la dans la liste proposée "
                "(son nom suivi de son code géographique), ou laissez le champ vide."
            )
        )


class ApproveSignUpForm(forms.Form):
    municipality = MunicipalityField(
        label=_("Municipalité (facultatif)"),
        required=False,
        max_length=200,
        help_text=_(
            "Laissez vide pour un partenaire qui ne travaille pas pour une "
            "municipalité."
        ),
    )


class RefuseSignUpForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il sera envoyé à la personne par courriel."),
        error_messages={"required": _("Indiquez le motif du refus.")},
    )
