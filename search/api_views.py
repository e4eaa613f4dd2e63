"""The JSON API for search: /api/v1/search/, /api/v1/similar/, /api/v1/suggest/.

Same parameters and permission rules as the search page: the session decides
what the caller may see. Bad input answers 400 with a French message, never a
500; answers for signed-in people are marked private so no shared cache keeps
members-only results.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from casestudies.models import CaseStudyPage, Solution
from search.contract import (
    ALL_KINDS,
    MAX_PAGE,
    MAX_PER_PAGE,
    SIMILAR_MAX_CHARS,
    Kind,
    SearchHit,
    SearchQuery,
    SearchResults,
    SimilarHit,
    Viewer,
)
from search.engine import find_similar, run_search
from search.engine import suggest as engine_suggest
from search.forms import SearchForm, clean_text
from search.views import search_language

MAX_SIMILAR = 20
MAX_SUGGESTIONS = 20


class BadRequest(Exception):
    """A parameter the API cannot use; the message is shown to the caller."""


def _respond(request: HttpRequest, data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}
    )
    patch_vary_headers(response, ["Cookie"])
    if request.user.is_authenticated:
        patch_cache_control(response, private=True)
    return response


def _error(request: HttpRequest, message: str) -> JsonResponse:
    return _respond(request, {"error": message}, status=400)


def _integer(request: HttpRequest, name: str, default: int, *, low: int, high: int):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.lstrip("-").isdigit()) or len(raw) > 9:
        raise BadRequest(
            _("Le paramètre « %(name)s » doit être un nombre entier.") % {"name": name}
        )
    return min(max(low, int(raw)), high)


def _kinds(request: HttpRequest, name: str) -> tuple[str, ...]:
    values = []
    for raw in request.GET.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    unknown = [v for v in values if v not in ALL_KINDS]
    if unknown:
        raise BadRequest(
            _("Type de contenu inconnu : « %(value)s ». Types possibles : %(known)s.")
            % {"value": clean_text(unknown[0])[:50], "known": ", ".join(ALL_KINDS)}
        )
    return tuple(dict.fromkeys(values))


def _hit_json(hit: SearchHit | SimilarHit) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": hit.kind,
        "id": hit.pk,
        "title": hit.title,
        "url": hit.url,
        "score": round(float(hit.score), 4),
        "attribution": hit.attribution,
        "outcome": hit.outcome or None,
    }
    if isinstance(hit, SearchHit):
        data["snippet"] = hit.snippet
        data["date"] = hit.date.isoformat() if hit.date else None
        data["members_only"] = hit.members_only
    if hit.kind == Kind.CASE_STUDY:
        data["external_id"] = hit.external_id or None
    return data


def _results_json(results: SearchResults) -> dict[str, Any]:
    return {
        "query": results.query.text,
        "total": results.total,
        "page": results.query.page,
        "per_page": results.query.per_page,
        "num_pages": min(results.num_pages, MAX_PAGE),
        "backend": results.backend,
        "fallback": results.fallback,
        "hits": [_hit_json(hit) for hit in results.hits],
        "facets": {
            name: [
                {
                    "value": item.value,
                    "label": item.label,
                    "count": item.count,
                    "selected": item.selected,
                }
                for item in items
            ]
            for name, items in results.facets.items()
        },
    }


@require_GET
def search(request: HttpRequest) -> JsonResponse:
    """Parameters: q, type, theme, outcome, stage, region, size, solution,
    year (each repeatable or comma-separated), page, per_page."""
    form = SearchForm(request.GET)
    form.is_valid()
    try:
        _kinds(request, "type")
        page = _integer(request, "page", 1, low=1, high=MAX_PAGE)
        per_page = _integer(request, "per_page", 20, low=1, high=MAX_PER_PAGE)
    except BadRequest as exc:
        return _error(request, str(exc))
    query = SearchQuery(
        text=form.text,
        filters=form.filters,
        page=page,
        per_page=per_page,
        language=search_language(),
        viewer=Viewer.for_user(request.user),
    )
    return _respond(request, _results_json(run_search(query)))


def _source_text(kind: str, pk: int, viewer: Viewer) -> str | None:
    """The text of an object the viewer may read, or None."""
    if kind == Kind.CASE_STUDY:
        queryset = CaseStudyPage.objects.live()
        if not viewer.is_member:
            queryset = queryset.filter(visibility="public")
        page = queryset.filter(pk=pk).first()
        return f"{page.title}\n{page.summary}\n{page.problem}" if page else None
    if kind == Kind.THREAD:
        from forums.models import Thread

        queryset = Thread.objects.filter(deleted_at__isnull=True, hidden=False)
        if not viewer.is_member:
            queryset = queryset.filter(visibility="public")
        thread = queryset.filter(pk=pk).first()
        return f"{thread.title}\n{thread.search_body()}" if thread else None
    solution = Solution.objects.filter(pk=pk).first()
    return f"{solution.name}\n{solution.description}" if solution else None


def _exclusion(raw: str) -> tuple[str, int] | None:
    """ "casestudy:12" → ("casestudy", 12); anything else is ignored."""
    kind, _sep, pk = raw.partition(":")
    if kind in ALL_KINDS and pk.isascii() and pk.isdigit() and len(pk) <= 9:
        return kind, int(pk)
    return None


@require_GET
def similar(request: HttpRequest) -> JsonResponse:
    """Closest content to a text (`q`) or to an object (`type` and `id`).

    Parameters: types (content types to return), limit (at most 20), and
    exclude ("casestudy:12": the page being edited)."""
    viewer = Viewer.for_user(request.user)
    try:
        kinds = _kinds(request, "types")
        limit = _integer(request, "limit", 5, low=1, high=MAX_SIMILAR)
        exclude = _exclusion(request.GET.get("exclude", ""))
        text = clean_text(request.GET.get("q", ""))[:SIMILAR_MAX_CHARS]
        if request.GET.get("type") or request.GET.get("id"):
            requested = _kinds(request, "type")
            pk = _integer(request, "id", 0, low=0, high=2**31 - 1)
            if len(requested) != 1 or not pk:
                raise BadRequest(_("Indiquez un seul « type » et l'« id » du contenu."))
            kind = requested[0]
            source = _source_text(kind, pk, viewer)
            if source is None:
                return _respond(
                    request, {"error": _("Ce contenu est introuvable.")}, status=404
                )
            text, exclude = source, (kind, pk)
        if not text:
            raise BadRequest(
                _("Indiquez un texte (« q ») ou un contenu (« type » et « id »).")
            )
    except BadRequest as exc:
        return _error(request, str(exc))
    hits = find_similar(
        text=text, viewer=viewer, kinds=kinds, limit=limit, exclude=exclude
    )
    return _respond(request, {"results": [_hit_json(hit) for hit in hits]})


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    """Titles for autocomplete: `q` is what has been typed so far."""
    prefix = clean_text(request.GET.get("q", ""))[:100]
    try:
        limit = _integer(request, "limit", 8, low=1, high=MAX_SUGGESTIONS)
    except BadRequest as exc:
        return _error(request, str(exc))
    if len(prefix) < 2:
        return _respond(request, {"results": []})
    suggestions = engine_suggest(
        prefix, viewer=Viewer.for_user(request.user), limit=limit
    )
    return _respond(
        request,
        {
            "results": [
                {"text": s.text, "type": s.kind, "url": s.url} for s in suggestions
            ]
        },
    )
