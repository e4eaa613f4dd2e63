from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cop.accounts import views as accounts_views
from cop.core import views as core_views

urlpatterns = [
    # One sign-in path: both admin login pages hand over to allauth's form.
    path("admin/login/", accounts_views.wagtail_admin_login, name="admin_login"),
    path("django-admin/login/", accounts_views.django_admin_login),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    # The JSON API is language-neutral: no /en/ prefix.
    path("api/v1/", include("search.api_urls")),
]

# French pages live at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("comptes/moderation/", include("cop.accounts.urls")),
    path("comptes/", include("allauth.urls")),
    path("a-propos/donnees/", core_views.about_data, name="about_data"),
    path("recherche/", include("search.urls")),
    path("etudes-de-cas/", include("casestudies.urls")),
    path("discussions/", include("forums.urls")),
    path("membres/", include("cop.accounts.member_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = (
        staticfiles_urlpatterns()
        + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
        + urlpatterns
    )
