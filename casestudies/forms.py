"""The Wagtail admin form of a case study."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cop.accounts.roles import is_moderator, municipality_id_of
from cop.taxonomy.models import Municipality


class CaseStudyPageForm(WagtailAdminPageForm):
    """Contributors may only write for their own municipality."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("municipality")
        if field is None or user is None or is_moderator(user):
            return
        own = municipality_id_of(user)
        field.queryset = (
            Municipality.objects.filter(pk=own) if own else Municipality.objects.none()
        )
        # A plain list instead of the chooser, whose modal lists every municipality.
        field.widget = forms.Select(choices=field.choices)
        if own and not self.instance.municipality_id:
            self.initial["municipality"] = own
        if not own:
            field.help_text = _(
                "Votre profil n'est associé à aucune municipalité : demandez à un "
                "modérateur de l'indiquer avant de rédiger une étude de cas."
            )

    def clean_municipality(self):
        municipality = self.cleaned_data.get("municipality")
        user = self.for_user
        if (
            municipality is not None
            and user is not None
            and not is_moderator(user)
            and municipality.pk != municipality_id_of(user)
        ):
            raise forms.ValidationError(
                _("Vous pouvez seulement rédiger pour votre propre municipalité.")
            )
        return municipality
