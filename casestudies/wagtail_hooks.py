from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page, ReferenceIndex
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from casestudies.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    Solution,
    Vendor,
    Visibility,
)
from cop.accounts.roles import is_member, is_moderator, municipality_id_of


class VendorViewSet(SnippetViewSet):
    model = Vendor
    icon = "group"
    menu_label = _("Fournisseurs")
    list_display = ("name", "quebec_based")
    list_filter = ("quebec_based",)
    search_fields = ("name",)
    search_backend_name = None


class SolutionViewSet(SnippetViewSet):
    model = Solution
    icon = "cogs"
    menu_label = _("Solutions")
    list_display = ("name", "vendor", "category")
    search_fields = ("name", "vendor__name", "category")
    search_backend_name = None


class SolutionsGroup(SnippetViewSetGroup):
    items = (SolutionViewSet, VendorViewSet)
    menu_icon = "cogs"
    menu_label = _("Solutions et fournisseurs")
    menu_name = "solutions"


register_snippet(SolutionsGroup)


@hooks.register("construct_explorer_page_queryset")
def show_contributors_their_municipality_only(parent_page, pages, request):
    """In the page explorer, a contributor sees only their municipality's cases."""
    user = request.user
    if is_moderator(user) or not isinstance(parent_page.specific, CaseStudyIndexPage):
        return pages
    return pages.filter(casestudypage__municipality_id=municipality_id_of(user))


@hooks.register("before_serve_document")
def protect_attachments_of_members_only_cases(document, request):
    """An attachment of a members-only case is served to members only."""
    if is_member(request.user):
        return None
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    members_only = CaseStudyPage.objects.filter(
        pk__in=[int(pk) for pk in page_ids if str(pk).isdigit()],
        visibility=Visibility.MEMBERS,
    )
    if members_only.exists():
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.get_full_path())
    return None
