"""Search pages.

Until the search contract lands (see ARCHITECTURE.md, "Search"), this view asks
Wagtail's database search for live, public pages.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Page

from casestudies.models import CaseStudyPage, Visibility
from cop.accounts.roles import is_member
from search.forms import SearchForm

RESULTS_PER_PAGE = 20


def results(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = ""
    page_obj = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            pages = Page.objects.live().public()
            if not is_member(request.user):
                # Members-only case studies never reach visitors, not even as a count.
                pages = pages.exclude(
                    pk__in=CaseStudyPage.objects.filter(
                        visibility=Visibility.MEMBERS
                    ).values("pk")
                )
            hits = pages.specific().search(query)
            paginator = Paginator(hits, RESULTS_PER_PAGE)
            page_obj = paginator.get_page(form.cleaned_data.get("page") or 1)
    return render(
        request,
        "search/results.html",
        {"form": form, "query": query, "page_obj": page_obj},
    )
