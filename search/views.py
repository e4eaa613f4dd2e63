"""The search page: one box, combinable facets, highlighted results.

Works without JavaScript. Whatever backend answers (Elasticsearch, or the
database when it cannot), the page renders; a notice says when the fallback
answered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from casestudies.models import CaseStudyIndexPage, Outcome
from search.backends.database import kind_label
from search.contract import MAX_PAGE, SearchQuery, SearchResults, Viewer
from search.engine import run_search
from search.forms import FILTER_NAMES, SearchForm

RESULTS_PER_PAGE = 20

FACET_LABELS = {
    "type": _("Type de contenu"),
    "theme": _("Thème"),
    "outcome": _("Résultat"),
    "stage": _("Étape du projet"),
    "region": _("Région"),
    "size": _("Taille de la municipalité"),
    "solution": _("Solution utilisée"),
    "year": _("Année"),
}
OUTCOME_LABELS = dict(Outcome.choices)


def search_language() -> str:
    """The contract's language code for the active language ("fr" or "en")."""
    return (get_language() or "fr").split("-")[0]


@dataclass
class PageInfo:
    """Enough of Django's paginator Page for templates/includes/pagination.html."""

    number: int
    num_pages: int

    @property
    def paginator(self) -> PageInfo:
        return self

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _url(path: str, params: QueryDict) -> str:
    encoded = params.urlencode()
    return f"{path}?{encoded}" if encoded else path


def _toggled(request: HttpRequest, name: str, value: str) -> str:
    """This page's URL with `value` of filter `name` switched on or off."""
    params = request.GET.copy()
    params.pop("page", None)
    values = [v for v in params.getlist(name) if v]
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    params.setlist(name, values)
    return _url(request.path, params)


def _facet_groups(request: HttpRequest, results: SearchResults) -> list[dict]:
    groups = []
    for name, items in results.facets.items():
        options = [
            {
                "value": item.value,
                "label": item.label,
                "count": item.count,
                "selected": item.selected,
                "url": _toggled(request, name, item.value),
            }
            for item in items
        ]
        if options:
            groups.append(
                {"name": name, "label": FACET_LABELS[name], "options": options}
            )
    return groups


def _chips(request: HttpRequest, results: SearchResults) -> list[dict]:
    chips = []
    for name, values in results.query.filters.items():
        labels = {item.value: item.label for item in results.facets.get(name, [])}
        chips.extend(
            {
                "label": FACET_LABELS[name],
                "value": labels.get(value, value),
                "remove_url": _toggled(request, name, value),
            }
            for value in values
        )
    return chips


def _present(results: SearchResults) -> list[dict]:
    return [
        {
            "hit": hit,
            "kind_label": kind_label(hit.kind),
            "outcome_label": OUTCOME_LABELS.get(hit.outcome, ""),
        }
        for hit in results.hits
    ]


def _browse_url() -> str:
    index = CaseStudyIndexPage.objects.live().first()
    return (index.get_url() or "") if index else ""


def results(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    form.is_valid()
    text, filters = form.text, form.filters
    context: dict = {
        "form": form,
        "query": text,
        "typed": request.GET.get("q", ""),
        "truncated": form.truncated,
        "results": None,
        "browse_url": _browse_url(),
    }
    if text or filters:
        query = SearchQuery(
            text=text,
            filters=filters,
            page=form.page,
            per_page=RESULTS_PER_PAGE,
            language=search_language(),
            viewer=Viewer.for_user(request.user),
        )
        found = run_search(query)
        last = min(found.num_pages, MAX_PAGE)
        if found.total and query.page > last:
            # An out-of-range page shows the last one rather than nothing.
            found = run_search(replace(query, page=last))
        clear = QueryDict(mutable=True)
        if text:
            clear["q"] = text
        context.update(
            results=found,
            items=_present(found),
            facet_groups=_facet_groups(request, found),
            chips=_chips(request, found),
            clear_url=_url(request.path, clear),
            page_obj=PageInfo(number=found.query.page, num_pages=last),
            start_index=(found.query.page - 1) * found.query.per_page + 1,
            hidden_filters=[
                (name, value)
                for name in FILTER_NAMES
                for value in filters.get(name, ())
            ],
        )
    return render(request, "search/results.html", context)
