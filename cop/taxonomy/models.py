"""Shared reference data: administrative regions, municipalities and themes."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from cop.core.languages import english_is_active


class SizeBand(models.TextChoices):
    """Population classes used to compare "municipalities like mine"."""

    VERY_SMALL = "xs", _("moins de 2 000 habitants")
    SMALL = "s", _("2 000 à 9 999 habitants")
    MEDIUM = "m", _("10 000 à 24 999 habitants")
    LARGE = "l", _("25 000 à 99 999 habitants")
    VERY_LARGE = "xl", _("100 000 habitants et plus")

    @classmethod
    def for_population(cls, population: int | None) -> SizeBand:
        population = population or 0
        if population < 2_000:
            return cls.VERY_SMALL
        if population < 10_000:
            return cls.SMALL
        if population < 25_000:
            return cls.MEDIUM
        if population < 100_000:
            return cls.LARGE
        return cls.VERY_LARGE


class Region(models.Model):
    """One of Quebec's 17 administrative regions."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=100, unique=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("région administrative")
        verbose_name_plural = _("régions administratives")

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def in_region(self, region: Region) -> MunicipalityQuerySet:
        return self.filter(region=region)

    def in_size_band(self, band: str) -> MunicipalityQuerySet:
        return self.filter(size_band=band)


class Municipality(models.Model):
    """A local municipality from the MAMH directory (Répertoire des municipalités)."""

    geographic_code = models.CharField(
        _("code géographique"), max_length=5, unique=True
    )
    name = models.CharField(_("nom"), max_length=150, db_index=True)
    designation = models.CharField(_("désignation"), max_length=60)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("région administrative"),
    )
    mrc = models.CharField(_("MRC ou équivalent"), max_length=150, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    area_km2 = models.DecimalField(
        _("superficie (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    website = models.URLField(_("site Web"), blank=True)
    size_band = models.CharField(
        _("taille"), max_length=2, choices=SizeBand.choices, db_index=True
    )

    objects = MunicipalityQuerySet.as_manager()

    # The size band is derived from the population on save, never typed.
    panels: ClassVar[list] = [
        FieldPanel("name"),
        FieldPanel("geographic_code"),
        FieldPanel("designation"),
        FieldPanel("region"),
        FieldPanel("mrc"),
        FieldPanel("population"),
        FieldPanel("area_km2"),
        FieldPanel("website"),
    ]

    class Meta:
        ordering = ("name",)
        verbose_name = _("municipalité")
        verbose_name_plural = _("municipalités")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.size_band = SizeBand.for_population(self.population)
        super().save(*args, **kwargs)


class ThemeQuerySet(models.QuerySet):
    def top_level(self) -> ThemeQuerySet:
        return self.filter(parent__isnull=True)


class Theme(models.Model):
    """A subject of municipal work, shared by case studies and discussions."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name_fr = models.CharField(_("nom en français"), max_length=120, unique=True)
    name_en = models.CharField(_("nom en anglais"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thème parent"),
    )
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ("sort_order", "name_fr")
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The theme's label in the active language (French when no English)."""
        english = english_is_active()
        return (english and self.name_en) or self.name_fr

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("Un thème ne peut pas être son propre ancêtre.")}
                )
            ancestor = ancestor.parent


class MunicipalDomain(models.Model):
    """An email domain whose verified addresses belong to a municipality's staff."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="email_domains",
        verbose_name=_("municipalité"),
    )
    domain = models.CharField(
        _("domaine de courriel"),
        max_length=253,
        unique=True,
        help_text=_("Par exemple ville.quebec.qc.ca, sans « @ »."),
    )

    class Meta:
        ordering = ("domain",)
        verbose_name = _("domaine de courriel municipal")
        verbose_name_plural = _("domaines de courriel municipaux")

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs) -> None:
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)
