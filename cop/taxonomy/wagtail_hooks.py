from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cop.taxonomy.models import MunicipalDomain, Municipality, Region, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thèmes")
    list_display = ("name_fr", "name_en", "parent", "slug")
    search_fields = ("name_fr", "name_en", "slug")
    search_backend_name = None


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Municipalités")
    list_display = ("name", "geographic_code", "region", "population", "size_band")
    list_filter = ("region", "size_band")
    search_fields = ("name", "geographic_code", "mrc")
    search_backend_name = None
    list_per_page = 50


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "globe"
    menu_label = _("Régions")
    list_display = ("code", "name")
    search_fields = ("name",)
    search_backend_name = None


class MunicipalDomainViewSet(SnippetViewSet):
    """Verified addresses on these domains join their municipality at once."""

    model = MunicipalDomain
    icon = "mail"
    menu_label = _("Domaines de courriel")
    list_display = ("domain", "municipality")
    search_fields = ("domain", "municipality__name")
    search_backend_name = None
    list_per_page = 50


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, MunicipalityViewSet, RegionViewSet, MunicipalDomainViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Référentiels")
    menu_name = "reference-data"


register_snippet(ReferenceDataGroup)
