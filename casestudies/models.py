"""Case studies: what a municipality tried, with which solution, and how it went."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from casestudies.blocks import AttachmentBlock, IndicatorBlock
from casestudies.forms import CaseStudyPageForm
from casestudies.permissions import CaseStudyPermissionTester
from cop.accounts.roles import is_member, is_moderator, municipality_id_of
from cop.core.validators import validate_no_html

STALE_AFTER = datetime.timedelta(days=548)  # 18 months


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Réussite")
    PARTIAL = "partial", _("Réussite partielle")
    FAILURE = "failure", _("Échec")
    ABANDONED = "abandoned", _("Abandonné")
    ONGOING = "ongoing", _("En cours")


class Stage(models.TextChoices):
    IDEA = "idea", _("Idée")
    PILOT = "pilot", _("Projet pilote")
    DEPLOYED = "deployed", _("Déployé")
    RETIRED = "retired", _("Retiré")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Membres seulement")


class Attribution(models.TextChoices):
    NAMED = "named", _("Nommer la municipalité")
    ANONYMOUS = "anonymous", _("Anonyme (région et taille seulement)")


class Owner(models.TextChoices):
    IT = "it", _("Service des TI")
    BUSINESS_UNIT = "business_unit", _("Service métier")
    ELECTED_OFFICIALS = "elected_officials", _("Élus")
    CITIZENS = "citizens", _("Citoyens")
    SHARED = "shared", _("Responsabilité partagée")


class Language(models.TextChoices):
    FRENCH = "fr", _("Français")
    ENGLISH = "en", _("Anglais")


class Vendor(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    website = models.URLField(_("site Web"), blank=True)
    quebec_based = models.BooleanField(_("entreprise québécoise"), default=False)

    panels: ClassVar[list] = [
        FieldPanel("name"),
        FieldPanel("website"),
        FieldPanel("quebec_based"),
    ]

    class Meta:
        ordering = ("name",)
        verbose_name = _("fournisseur")
        verbose_name_plural = _("fournisseurs")

    def __str__(self) -> str:
        return self.name


class Solution(index.Indexed, models.Model):
    """A tool or service municipalities actually used."""

    name = models.CharField(_("nom"), max_length=200)
    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="solutions",
        verbose_name=_("fournisseur"),
    )
    category = models.CharField(_("catégorie"), max_length=120, blank=True)
    website = models.URLField(_("site Web"), blank=True)
    description = models.TextField(
        _("description"), blank=True, validators=[validate_no_html]
    )

    panels: ClassVar[list] = [
        FieldPanel("name"),
        FieldPanel("vendor"),
        FieldPanel("category"),
        FieldPanel("website"),
        FieldPanel("description"),
    ]
    search_fields: ClassVar[list] = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ("name",)
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(
                fields=["name", "vendor"], name="unique_solution_per_vendor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.vendor})" if self.vendor_id else self.name


class CaseStudyPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "casestudies.CaseStudyPage",
        on_delete=models.CASCADE,
        related_name="tagged_items",
    )


class CaseStudyPageQuerySet(PageQuerySet):
    def visible_to(self, user) -> CaseStudyPageQuerySet:
        """Live case studies this user may read (members-only ones need a member)."""
        queryset = self.live()
        if not is_member(user):
            queryset = queryset.filter(visibility=Visibility.PUBLIC)
        return queryset

    def in_theme(self, theme) -> CaseStudyPageQuerySet:
        return self.filter(themes=theme)

    def with_related(self) -> CaseStudyPageQuerySet:
        return self.select_related("municipality__region").prefetch_related(
            "themes", "solutions__vendor"
        )


CaseStudyPageManager = PageManager.from_queryset(CaseStudyPageQuerySet)


class CaseStudyIndexPage(RoutablePageMixin, Page):
    """Where case studies live and are browsed."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels: ClassVar[list] = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types: ClassVar[list[str]] = ["core.HomePage"]
    subpage_types: ClassVar[list[str]] = ["casestudies.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des études de cas")
        verbose_name_plural = _("index des études de cas")

    # Browsing lives in casestudies/listing.py; these routes only call it.

    @path("", name="listing")
    def listing(self, request):
        from casestudies.listing import listing_context

        return self.render(request, context_overrides=listing_context(self, request))

    @path("lecons/", name="lessons")
    def lessons(self, request):
        from casestudies.listing import lessons_context

        return self.render(
            request,
            template="casestudies/lessons.html",
            context_overrides=lessons_context(self, request),
        )


class CaseStudyPage(Page):
    """One project, told honestly: problem, approach, solution, cost, results."""

    summary = models.TextField(
        _("résumé"),
        max_length=1200,
        blank=True,
        validators=[validate_no_html],
        help_text=_(
            "Deux ou trois phrases : ce qui a été fait et comment ça s'est passé."
        ),
    )
    municipality = models.ForeignKey(
        "taxonomy.Municipality",
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name=_("municipalité"),
    )
    partners = ParentalManyToManyField(
        "taxonomy.Municipality",
        blank=True,
        related_name="partner_case_studies",
        verbose_name=_("municipalités partenaires"),
    )
    themes = ParentalManyToManyField(
        "taxonomy.Theme", related_name="case_studies", verbose_name=_("thèmes")
    )
    solutions = ParentalManyToManyField(
        Solution, blank=True, related_name="case_studies", verbose_name=_("solutions")
    )
    outcome = models.CharField(
        _("résultat"), max_length=20, choices=Outcome.choices, default=Outcome.ONGOING
    )
    stage = models.CharField(
        _("étape"), max_length=20, choices=Stage.choices, default=Stage.IDEA
    )
    started = models.DateField(_("début"), null=True, blank=True)
    ended = models.DateField(_("fin"), null=True, blank=True)
    budget_cad = models.DecimalField(
        _("budget ($ CA)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=_("Le budget ne peut pas être négatif."))
        ],
    )
    problem = models.TextField(_("problème"), validators=[validate_no_html])
    approach = models.TextField(
        _("approche"), blank=True, validators=[validate_no_html]
    )
    indicators = StreamField(
        [("indicator", IndicatorBlock())], blank=True, verbose_name=_("indicateurs")
    )
    worked = models.TextField(
        _("ce qui a fonctionné"), blank=True, validators=[validate_no_html]
    )
    failed = models.TextField(
        _("ce qui a échoué"), blank=True, validators=[validate_no_html]
    )
    advice = models.TextField(
        _("conseils aux autres municipalités"),
        blank=True,
        validators=[validate_no_html],
    )
    governance_owner = models.CharField(
        _("responsable du système"), max_length=20, choices=Owner.choices, blank=True
    )
    governance_decided_by = models.CharField(
        _("qui a décidé"), max_length=300, blank=True, validators=[validate_no_html]
    )
    data_used = models.TextField(
        _("données utilisées"), blank=True, validators=[validate_no_html]
    )
    privacy_assessment_done = models.BooleanField(
        _("évaluation des facteurs relatifs à la vie privée (EFVP) réalisée"),
        default=False,
    )
    privacy_assessment_date = models.DateField(
        _("date de l'EFVP"), null=True, blank=True
    )
    attachments = StreamField(
        [("attachment", AttachmentBlock())],
        blank=True,
        verbose_name=_("pièces jointes"),
    )
    contact_name = models.CharField(
        _("personne-ressource"),
        max_length=200,
        blank=True,
        validators=[validate_no_html],
    )
    contact_email = models.EmailField(
        _("courriel de la personne-ressource"),
        blank=True,
        help_text=_("Reçoit les rappels de mise à jour des résultats."),
    )
    tags = ClusterTaggableManager(
        through=CaseStudyPageTag, blank=True, verbose_name=_("mots-clés")
    )
    visibility = models.CharField(
        _("visibilité"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=10,
        choices=Attribution.choices,
        default=Attribution.NAMED,
        help_text=_(
            "Anonyme : les visiteurs voient « une municipalité de la région X, de "
            "telle taille ». Les modérateurs et les membres de votre municipalité "
            "voient toujours son nom."
        ),
    )
    language = models.CharField(
        _("langue"), max_length=2, choices=Language.choices, default=Language.FRENCH
    )
    external_id = models.CharField(
        _("identifiant externe"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifiant stable pour l'import et l'export."),
    )

    objects = CaseStudyPageManager()
    base_form_class = CaseStudyPageForm

    parent_page_types: ClassVar[list[str]] = ["casestudies.CaseStudyIndexPage"]
    subpage_types: ClassVar[list[str]] = []
    exclude_fields_in_copy: ClassVar[list[str]] = ["external_id"]

    content_panels: ClassVar[list] = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("municipality"),
                FieldPanel("partners"),
                FieldPanel("attribution"),
            ],
            heading=_("Municipalités"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("solutions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Classement"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("outcome"), FieldPanel("stage")]),
                FieldRowPanel([FieldPanel("started"), FieldPanel("ended")]),
                FieldPanel("budget_cad"),
            ],
            heading=_("Résultat, étape, dates et coût"),
        ),
        FieldPanel("problem"),
        FieldPanel("approach"),
        FieldPanel("indicators"),
        FieldPanel("worked"),
        FieldPanel("failed"),
        FieldPanel("advice"),
        MultiFieldPanel(
            [
                FieldPanel("governance_owner"),
                FieldPanel("governance_decided_by"),
                FieldPanel("data_used"),
                FieldRowPanel(
                    [
                        FieldPanel("privacy_assessment_done"),
                        FieldPanel("privacy_assessment_date"),
                    ]
                ),
            ],
            heading=_("Gouvernance"),
        ),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")],
            heading=_("Personne-ressource"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("visibility"),
                FieldPanel("language"),
                FieldPanel("external_id"),
            ],
            heading=_("Publication"),
        ),
    ]

    search_fields: ClassVar[list] = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("approach"),
        index.SearchField("worked"),
        index.SearchField("failed"),
        index.SearchField("advice"),
        index.FilterField("visibility"),
        index.FilterField("outcome"),
        index.FilterField("stage"),
    ]

    class Meta:
        verbose_name = _("étude de cas")
        verbose_name_plural = _("études de cas")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if self.started and self.ended and self.ended < self.started:
            errors.setdefault("ended", []).append(
                _("La date de fin doit suivre la date de début.")
            )
        if self.privacy_assessment_date and not self.privacy_assessment_done:
            errors.setdefault("privacy_assessment_done", []).append(
                _("Cochez cette case si une EFVP a été réalisée à cette date.")
            )
        if self.outcome == Outcome.ONGOING and self.stage == Stage.RETIRED:
            errors.setdefault("stage", []).append(
                _("Un projet retiré ne peut pas être « en cours ».")
            )
        if errors:
            raise ValidationError(errors)

    def permissions_for_user(self, user):
        return CaseStudyPermissionTester(user, self)

    # --- What a given viewer may see -----------------------------------------

    def shows_real_municipality_to(self, user) -> bool:
        """Anonymous cases name their municipality only to moderators and to
        members of that same municipality."""
        if self.attribution != Attribution.ANONYMOUS:
            return True
        return is_moderator(user) or (
            is_member(user) and municipality_id_of(user) == self.municipality_id
        )

    @property
    def anonymous_label(self) -> str:
        municipality = self.municipality
        return _("Une municipalité de la région %(region)s (%(size)s)") % {
            "region": municipality.region.name,
            "size": municipality.get_size_band_display(),
        }

    def attribution_label_for(self, user) -> str:
        if self.shows_real_municipality_to(user):
            return self.municipality.name
        return str(self.anonymous_label)

    @property
    def is_in_progress(self) -> bool:
        return self.outcome == Outcome.ONGOING

    @property
    def needs_update(self) -> bool:
        """Readers are told when a case has not been updated in 18 months."""
        updated = self.last_published_at or self.first_published_at
        return bool(updated) and timezone.now() - updated > STALE_AFTER

    @property
    def duration_months(self) -> int | None:
        if not self.started:
            return None
        end = self.ended or timezone.localdate()
        return max(
            0, (end.year - self.started.year) * 12 + end.month - self.started.month
        )

    # --- Serving (the logic lives in casestudies/listing.py) -------------------

    def serve(self, request, *args, **kwargs):
        from casestudies.listing import members_only_response

        # Checked before any context is built: a visitor gets no members-only text.
        refused = members_only_response(self, request)
        return refused or super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from casestudies.listing import case_study_context

        context = super().get_context(request, *args, **kwargs)
        context.update(case_study_context(self, request))
        return context


class FollowUpReminder(models.Model):
    """One reminder sent to a case's contact; unique so a daily run never repeats."""

    page = models.ForeignKey(
        CaseStudyPage, on_delete=models.CASCADE, related_name="follow_up_reminders"
    )
    months = models.PositiveSmallIntegerField(_("mois après la mise à jour"))
    anchor = models.DateTimeField(_("mise à jour de référence"))
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("rappel de suivi")
        verbose_name_plural = _("rappels de suivi")
        constraints: ClassVar[list] = [
            models.UniqueConstraint(
                fields=["page", "months", "anchor"], name="unique_follow_up_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} – {self.months} mois"
