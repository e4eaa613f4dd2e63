"""The read-only JSON API for search, under /api/v1/ (outside i18n_patterns)."""

from django.urls import path

from search import api_views

app_name = "search_api"

urlpatterns = [
    path("search/", api_views.search, name="search"),
    path("similar/", api_views.similar, name="similar"),
    path("suggest/", api_views.suggest, name="suggest"),
]
