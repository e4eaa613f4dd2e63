from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        error_messages={
            "max_length": _("La recherche est limitée à %(limit_value)d caractères."),
        },
    )
    page = forms.IntegerField(required=False, min_value=1)

    def clean_q(self) -> str:
        # Null bytes and other control characters never reach a search backend.
        value = self.cleaned_data["q"]
        return "".join(ch for ch in value if ch.isprintable() or ch == " ")
