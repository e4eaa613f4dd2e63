"""Forms of the report and moderation actions (always posted, never shown alone
except to redisplay what was typed with an error)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cop.accounts.models import User
from cop.taxonomy.models import Theme
from forums.models import ModerationActionKind, ReportReason

MAX_REASON_LENGTH = 1000


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce message?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez le motif du signalement."),
            "invalid_choice": _("Choisissez un des motifs proposés."),
        },
    )
    details = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (facultatif)"), required=False, max_length=MAX_REASON_LENGTH
    )


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (obligatoire)"),
        max_length=MAX_REASON_LENGTH,
        error_messages={
            "required": _(
                "Indiquez le motif : il sera inscrit au journal de modération."
            )
        },
    )


class MoveThreadForm(RequiredReasonForm):
    theme = forms.ModelChoiceField(
        label=_("Déplacer vers le thème"),
        queryset=Theme.objects.order_by("name_fr"),
        error_messages={
            "required": _("Choisissez le thème où déplacer ce fil."),
            "invalid_choice": _("Ce thème n'existe pas ou plus."),
        },
    )
    field_order = ("theme", "reason")


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("Toutes les actions")), *ModerationActionKind.choices],
    )
    actor = forms.ModelChoiceField(
        label=_("Par"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Toute l'équipe"),
    )

    def __init__(self, *args, moderators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if moderators is not None:
            self.fields["actor"].queryset = moderators
            self.fields["actor"].label_from_instance = _moderator_label


def _moderator_label(user: User) -> str:
    profile = getattr(user, "profile", None)
    return (
        (profile.display_name if profile else "") or user.get_full_name() or user.email
    )
