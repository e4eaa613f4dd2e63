"""The Wagtail home page."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from cop.core.languages import english_is_active
from cop.taxonomy.models import Municipality


class HomePage(Page):
    """The site root: what Carrefour is for, and the way into search."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Une ou deux phrases sous le titre, en langage clair."),
    )

    title_en = models.CharField(
        _("titre en anglais"),
        max_length=255,
        blank=True,
        help_text=_("Affiché aux visiteurs qui lisent le site en anglais."),
    )
    intro_en = models.TextField(_("introduction en anglais"), blank=True)

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("title_en"),
        FieldPanel("intro_en"),
    ]

    parent_page_types: ClassVar[list[str]] = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        english = english_is_active()
        context["heading"] = (english and self.title_en) or self.title
        context["intro"] = (english and self.intro_en) or self.intro
        context["municipality_count"] = Municipality.objects.count()
        # Latest and in-progress case studies, as this viewer may see them.
        from casestudies.listing import home_context  # casestudies imports cop

        context.update(home_context(request))
        return context

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")
