"""Forms for discussions; their checks are the services' own (`clean_body`...)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import MAX_POST_LENGTH, MAX_TITLE_LENGTH, ThreadVisibility
from forums.services import clean_body, clean_title

BODY_HELP = _(
    "Mise en forme Markdown : **gras**, *italique*, > citation, - liste, "
    "[texte](adresse). Collez l'adresse d'une étude de cas pour l'afficher en "
    "carte. Le HTML est affiché tel quel."
)


class BodyField(forms.CharField):
    """Markdown text; the browser limit is a little above ours so the server's
    clear message shows instead of text silently cut."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Votre message"))
        kwargs.setdefault("help_text", BODY_HELP)
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 8, "data-forum-composer": "body"}),
        )
        super().__init__(required=False, strip=False, **kwargs)

    def clean(self, value):
        return clean_body(super().clean(value))


class ReplyForm(forms.Form):
    body = BodyField(label=_("Votre réponse"))
    quote_of = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PostEditForm(forms.Form):
    body = BodyField()


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Titre"),
        help_text=_(
            "Une phrase qui résume votre question, par exemple « Quel outil pour "
            "transcrire les séances du conseil? »"
        ),
        required=False,
        widget=forms.TextInput(
            attrs={
                "maxlength": MAX_TITLE_LENGTH + 40,
                "autocomplete": "off",
                "data-forum-composer": "title",
            }
        ),
    )
    body = BodyField(label=_("Votre question ou votre message"))
    visibility = forms.ChoiceField(
        label=_("Qui peut lire cette discussion?"),
        choices=[
            (ThreadVisibility.MEMBERS, _("Les membres seulement (recommandé)")),
            (ThreadVisibility.PUBLIC, _("Tout le monde, même sans connexion")),
        ],
        initial=ThreadVisibility.MEMBERS,
        widget=forms.RadioSelect,
    )

    def clean_title(self) -> str:
        return clean_title(self.cleaned_data.get("title", ""))


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, strip=False, max_length=MAX_POST_LENGTH * 2)
