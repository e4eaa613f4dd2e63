"""Case study URLs that are not Wagtail pages (the pages route themselves)."""

from django.urls import path

from casestudies.feeds import LatestCaseStudiesFeed

app_name = "casestudies"

urlpatterns = [
    path("flux/", LatestCaseStudiesFeed(), name="feed"),
]
