"""Reads for browsing case studies: the filtered listing with its facet counts, the
lessons-learned view, the detail page's extras, the home page's picks and the feed.

Every queryset here starts from `CaseStudyPage.objects.visible_to(user)`, so no
count, option, related case or feed item can include a case the viewer may not
read. Anonymous cases publish their region and size band, which is why those are
filters; nothing is filtered or counted by municipality, which would reveal the
real name behind an anonymous case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casestudies.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudyPageQuerySet,
    Outcome,
    Solution,
    Stage,
    Visibility,
)
from cop.accounts.roles import is_member, municipality_id_of
from cop.taxonomy.models import Municipality, Region, SizeBand, Theme

PER_PAGE = 12
RELATED_LIMIT = 4
HOME_LATEST = 3
HOME_IN_PROGRESS = 4
FEED_SIZE = 20

SORT_RECENT = "recent"
SORT_UPDATED = "updated"
SORTS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    SORT_RECENT: (_("Publication la plus récente"), ("-first_published_at", "-pk")),
    SORT_UPDATED: (_("Mise à jour la plus récente"), ("-last_published_at", "-pk")),
}

# Failures and abandoned projects teach the most, so the lessons view puts them first.
LESSON_PRIORITY = (
    Outcome.FAILURE,
    Outcome.ABANDONED,
    Outcome.PARTIAL,
    Outcome.SUCCESS,
    Outcome.ONGOING,
)
SETBACKS = (Outcome.FAILURE, Outcome.ABANDONED)


# --- Facets ---------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    """One filter of the listing: its GET parameter and the lookup it narrows on."""

    name: str
    label: Promise
    all_label: Promise
    lookup: str
    # Long, open lists hide options without matches; short fixed lists keep them
    # (disabled) so readers see every outcome exists even when none match.
    hide_empty: bool


FACETS: tuple[Facet, ...] = (
    Facet("theme", _("Thème"), _("Tous les thèmes"), "themes", True),
    Facet("outcome", _("Résultat"), _("Tous les résultats"), "outcome", False),
    Facet("stage", _("Étape du projet"), _("Toutes les étapes"), "stage", False),
    Facet("region", _("Région"), _("Toutes les régions"), "municipality__region", True),
    Facet(
        "size",
        _("Taille de la municipalité"),
        _("Toutes les tailles"),
        "municipality__size_band",
        False,
    ),
    Facet(
        "solution", _("Solution utilisée"), _("Toutes les solutions"), "solutions", True
    ),
    Facet("year", _("Année de début"), _("Toutes les années"), "started__year", True),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
LIKE_MINE = ("region", "size")


@dataclass(frozen=True)
class Choice:
    """A value of a facet: `key` is what the database stores, `param` what the URL
    carries (a theme's slug, a region's code)."""

    key: Any
    param: str
    label: str


@dataclass
class FacetOption:
    param: str
    label: str
    count: int
    selected: bool
    disabled: bool


@dataclass
class FacetGroup:
    name: str
    label: Promise
    all_label: Promise
    options: list[FacetOption]


@dataclass
class Chip:
    """An active filter, shown with a link that removes it."""

    label: Promise
    value: str
    remove_url: str


@dataclass
class LikeMine:
    """The "municipalities like mine" shortcut, as this viewer can use it."""

    municipality: Municipality | None
    checked: bool = False
    signed_in: bool = False

    @property
    def available(self) -> bool:
        return self.municipality is not None


@dataclass
class Listing:
    facet_groups: list[FacetGroup]
    page_obj: PaginatorPage
    chips: list[Chip]
    like_mine: LikeMine
    sort: str
    sort_links: list[dict]
    clear_url: str
    hidden_params: dict[str, str]
    ignored_invalid: bool

    def as_context(self) -> dict:
        return {
            "facet_groups": self.facet_groups,
            "page_obj": self.page_obj,
            "cases": self.page_obj.object_list,
            "result_count": self.page_obj.paginator.count,
            "chips": self.chips,
            "has_filters": bool(self.chips),
            "like_mine": self.like_mine,
            "sort": self.sort,
            "sort_links": self.sort_links,
            "clear_url": self.clear_url,
            "hidden_params": self.hidden_params,
            "ignored_invalid": self.ignored_invalid,
        }


class CaseStudyFilterForm(forms.Form):
    """The listing's GET parameters. Invalid values are dropped, never fatal:
    `cleaned_data` keeps only the fields that validated."""

    theme = forms.ChoiceField(required=False)
    outcome = forms.ChoiceField(required=False, choices=Outcome.choices)
    stage = forms.ChoiceField(required=False, choices=Stage.choices)
    region = forms.ChoiceField(required=False)
    size = forms.ChoiceField(required=False, choices=SizeBand.choices)
    solution = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    mine = forms.BooleanField(required=False)
    sort = forms.ChoiceField(
        required=False, choices=[(k, v[0]) for k, v in SORTS.items()]
    )

    def __init__(self, data, *, themes: Iterable[Theme], regions: Iterable[Region]):
        super().__init__(data)
        self.fields["theme"].choices = [(theme.slug, theme.name) for theme in themes]
        self.fields["region"].choices = [
            (region.code, region.name) for region in regions
        ]


def _count_by(queryset: QuerySet, lookup: str) -> dict[Any, int]:
    """How many distinct cases of `queryset` have each value of `lookup`.

    Counting on a fresh queryset restricted by primary key keeps the joins of the
    filters apart from the join being counted (a theme filter must not shrink the
    theme counts to the selected theme)."""
    rows = (
        CaseStudyPage.objects.filter(pk__in=queryset.values("pk"))
        .order_by()
        .values(lookup)
        .annotate(n=Count("pk", distinct=True))
    )
    return {row[lookup]: row["n"] for row in rows if row[lookup] is not None}


def _apply(
    queryset: CaseStudyPageQuerySet, selected: dict[str, Choice], *, skip: str = ""
) -> CaseStudyPageQuerySet:
    for name, choice in selected.items():
        if name != skip:
            queryset = queryset.filter(**{FACETS_BY_NAME[name].lookup: choice.key})
    return queryset


def _viewer_municipality(user) -> Municipality | None:
    municipality_id = municipality_id_of(user)
    if municipality_id is None:
        return None
    return (
        Municipality.objects.select_related("region").filter(pk=municipality_id).first()
    )


def _url(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def _selected_choices(
    cleaned: dict, themes: list[Theme], regions: list[Region]
) -> dict[str, Choice]:
    """Turn the valid GET values into `Choice`s, in the order of FACETS."""
    selected: dict[str, Choice] = {}
    if slug := cleaned.get("theme"):
        theme = next(t for t in themes if t.slug == slug)
        selected["theme"] = Choice(theme.pk, theme.slug, theme.name)
    if outcome := cleaned.get("outcome"):
        selected["outcome"] = Choice(outcome, outcome, str(Outcome(outcome).label))
    if stage := cleaned.get("stage"):
        selected["stage"] = Choice(stage, stage, str(Stage(stage).label))
    if code := cleaned.get("region"):
        region = next(r for r in regions if r.code == code)
        selected["region"] = Choice(region.pk, region.code, region.name)
    if size := cleaned.get("size"):
        selected["size"] = Choice(size, size, str(SizeBand(size).label))
    if solution_id := cleaned.get("solution"):
        solution = (
            Solution.objects.select_related("vendor").filter(pk=solution_id).first()
        )
        if solution is not None:
            selected["solution"] = Choice(
                solution.pk, str(solution.pk), _solution_label(solution)
            )
    if year := cleaned.get("year"):
        selected["year"] = Choice(year, str(year), str(year))
    return selected


def _solution_label(solution: Solution) -> str:
    if solution.vendor_id:
        return f"{solution.name} – {solution.vendor.name}"
    return solution.name


def _facet_choices(
    facet: Facet,
    counts: dict[Any, int],
    selected: Choice | None,
    themes: list[Theme],
    regions: list[Region],
) -> list[Choice]:
    if facet.name == "theme":
        return [Choice(t.pk, t.slug, t.name) for t in themes]
    if facet.name == "outcome":
        return [Choice(v, v, str(label)) for v, label in Outcome.choices]
    if facet.name == "stage":
        return [Choice(v, v, str(label)) for v, label in Stage.choices]
    if facet.name == "region":
        return [Choice(r.pk, r.code, r.name) for r in regions]
    if facet.name == "size":
        return [Choice(v, v, str(label)) for v, label in SizeBand.choices]
    if facet.name == "solution":
        ids = set(counts) | ({selected.key} if selected else set())
        solutions = Solution.objects.select_related("vendor").filter(pk__in=ids)
        return [Choice(s.pk, str(s.pk), _solution_label(s)) for s in solutions]
    # year
    years = sorted(set(counts) | ({selected.key} if selected else set()), reverse=True)
    return [Choice(y, str(y), str(y)) for y in years]


def build_listing(index: CaseStudyIndexPage, request: HttpRequest) -> Listing:
    """The case studies this viewer may read, filtered, counted, sorted and paged."""
    user = request.user
    visible = CaseStudyPage.objects.visible_to(user).child_of(index)
    themes = list(Theme.objects.all())
    regions = list(Region.objects.all())

    form = CaseStudyFilterForm(request.GET, themes=themes, regions=regions)
    form.is_valid()  # fills cleaned_data with the valid fields only
    cleaned = form.cleaned_data
    ignored_invalid = bool(form.errors)
    selected = _selected_choices(cleaned, themes, regions)
    if cleaned.get("solution") and "solution" not in selected:
        ignored_invalid = True

    like_mine = LikeMine(
        municipality=_viewer_municipality(user), signed_in=user.is_authenticated
    )
    if cleaned.get("mine") and like_mine.available:
        like_mine.checked = True
        municipality = like_mine.municipality
        # Values picked explicitly in the form win over the shortcut.
        selected.setdefault(
            "region",
            Choice(
                municipality.region_id,
                municipality.region.code,
                municipality.region.name,
            ),
        )
        selected.setdefault(
            "size",
            Choice(
                municipality.size_band,
                municipality.size_band,
                str(municipality.get_size_band_display()),
            ),
        )
        selected = {f.name: selected[f.name] for f in FACETS if f.name in selected}

    sort = cleaned.get("sort") or SORT_RECENT
    results = _apply(visible, selected).with_related().order_by(*SORTS[sort][1])

    facet_groups = []
    for facet in FACETS:
        counts = _count_by(_apply(visible, selected, skip=facet.name), facet.lookup)
        current = selected.get(facet.name)
        options = []
        for choice in _facet_choices(facet, counts, current, themes, regions):
            count = counts.get(choice.key, 0)
            is_selected = current is not None and current.key == choice.key
            if count == 0 and facet.hide_empty and not is_selected:
                continue
            options.append(
                FacetOption(
                    param=choice.param,
                    label=choice.label,
                    count=count,
                    selected=is_selected,
                    disabled=count == 0 and not is_selected,
                )
            )
        facet_groups.append(
            FacetGroup(facet.name, facet.label, facet.all_label, options)
        )

    # The state of the page as explicit parameters: links built from it keep every
    # filter, and the shortcut's region and size become plain values.
    params = {name: choice.param for name, choice in selected.items()}
    tail = {"mine": "1"} if like_mine.checked else {}
    if sort != SORT_RECENT:
        tail["sort"] = sort
    path = request.path

    chips = []
    for name, choice in selected.items():
        kept = {k: v for k, v in params.items() if k != name}
        kept.update(tail)
        if name in LIKE_MINE:
            kept.pop("mine", None)
        chips.append(Chip(FACETS_BY_NAME[name].label, choice.label, _url(path, kept)))

    sort_links = [
        {
            "label": label,
            "url": _url(path, {**params, **tail, "sort": key}),
            "current": key == sort,
        }
        for key, (label, _order) in SORTS.items()
    ]

    paginator = Paginator(results, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))

    return Listing(
        facet_groups=facet_groups,
        page_obj=page_obj,
        chips=chips,
        like_mine=like_mine,
        sort=sort,
        sort_links=sort_links,
        clear_url=_url(path, {"sort": sort} if sort != SORT_RECENT else {}),
        hidden_params={"sort": sort} if sort != SORT_RECENT else {},
        ignored_invalid=ignored_invalid,
    )


def listing_context(index: CaseStudyIndexPage, request: HttpRequest) -> dict:
    return build_listing(index, request).as_context()


# --- Lessons learned --------------------------------------------------------------


class LessonsForm(forms.Form):
    theme = forms.ChoiceField(required=False)

    def __init__(self, data, *, themes: Iterable[Theme]):
        super().__init__(data)
        self.fields["theme"].choices = [(theme.slug, theme.name) for theme in themes]


def _lesson_order() -> Case:
    return Case(
        *(
            When(outcome=outcome, then=Value(rank))
            for rank, outcome in enumerate(LESSON_PRIORITY)
        ),
        default=Value(len(LESSON_PRIORITY)),
        output_field=IntegerField(),
    )


def lessons_context(index: CaseStudyIndexPage, request: HttpRequest) -> dict:
    """What failed and the advice given, across the visible cases of one theme."""
    with_lessons = (
        CaseStudyPage.objects.visible_to(request.user)
        .child_of(index)
        .exclude(failed="", advice="")
    )
    counts = _count_by(with_lessons, "themes")
    themes = list(Theme.objects.all())
    form = LessonsForm(request.GET, themes=themes)
    form.is_valid()
    slug = form.cleaned_data.get("theme")
    theme = next((t for t in themes if t.slug == slug), None)

    theme_options = [
        {"theme": t, "count": counts.get(t.pk, 0), "selected": t == theme}
        for t in themes
        if counts.get(t.pk) or t == theme
    ]
    setbacks: list[CaseStudyPage] = []
    others: list[CaseStudyPage] = []
    if theme is not None:
        cases = (
            with_lessons.in_theme(theme)
            .with_related()
            .annotate(lesson_rank=_lesson_order())
            .order_by("lesson_rank", "-first_published_at", "-pk")
        )
        for case in cases:
            (setbacks if case.outcome in SETBACKS else others).append(case)
    groups = [
        {
            "key": "setbacks",
            "title": _("Échecs et projets abandonnés"),
            "cases": setbacks,
        },
        {
            "key": "others",
            "title": _("Réussites, réussites partielles et projets en cours"),
            "cases": others,
        },
    ]
    return {
        "theme": theme,
        "theme_options": theme_options,
        "lesson_groups": [group for group in groups if group["cases"]],
        "lesson_count": len(setbacks) + len(others),
        "ignored_invalid": bool(form.errors),
    }


# --- Detail page ------------------------------------------------------------------


def members_only_response(
    page: CaseStudyPage, request: HttpRequest
) -> HttpResponse | None:
    """Send visitors to sign in before a members-only case; None if they may read it."""
    if page.visibility != Visibility.MEMBERS or is_member(request.user):
        return None
    if request.user.is_authenticated:
        # Signed in but not (yet) a member: signing in again would not help.
        raise PermissionDenied
    return redirect_to_login(request.get_full_path())


def related_cases(page: CaseStudyPage, user, *, limit: int = RELATED_LIMIT) -> list:
    """Other cases sharing a theme or a solution with `page`, visible to `user`."""
    theme_ids = [theme.pk for theme in page.themes.all()]
    solution_ids = [solution.pk for solution in page.solutions.all()]
    if not theme_ids and not solution_ids:
        return []
    sharing = CaseStudyPage.objects.filter(
        Q(themes__in=theme_ids) | Q(solutions__in=solution_ids)
    ).values("pk")
    return list(
        CaseStudyPage.objects.visible_to(user)
        .filter(pk__in=sharing)
        .exclude(pk=page.pk)
        .with_related()
        .order_by("-first_published_at", "-pk")[:limit]
    )


def case_study_context(page: CaseStudyPage, request: HttpRequest) -> dict:
    """What the detail page shows this viewer, beyond the page's own fields."""
    user = request.user
    shows_real = page.shows_real_municipality_to(user)
    member = is_member(user)
    return {
        "attribution_label": page.attribution_label_for(user),
        "shows_real_municipality": shows_real,
        # Partners would name, or narrow down, an anonymous case's municipality.
        "partners": list(page.partners.select_related("region")) if shows_real else [],
        "themes": list(page.themes.all()),
        "solutions": list(page.solutions.select_related("vendor")),
        "tags": list(page.tags.all()),
        # A contact's name and email address would reveal an anonymous municipality.
        "can_see_contact": member and shows_real,
        "viewer_is_member": member,
        "is_members_only": page.visibility == Visibility.MEMBERS,
        "related_cases": related_cases(page, user),
        "case_index": CaseStudyIndexPage.objects.live().first(),
    }


# --- Home page and feed -----------------------------------------------------------


def home_context(request: HttpRequest) -> dict:
    """The latest cases and the projects under way, as this viewer may see them."""
    visible = CaseStudyPage.objects.visible_to(request.user)
    latest = list(
        visible.with_related().order_by("-first_published_at", "-pk")[:HOME_LATEST]
    )
    ongoing = visible.filter(outcome=Outcome.ONGOING)
    in_progress = list(
        ongoing.exclude(pk__in=[case.pk for case in latest])
        .with_related()
        .order_by("-last_published_at", "-pk")[:HOME_IN_PROGRESS]
    )
    return {
        "latest_cases": latest,
        "in_progress_cases": in_progress,
        "in_progress_count": ongoing.count(),
        "case_index": CaseStudyIndexPage.objects.live().first(),
    }


def feed_items(limit: int = FEED_SIZE) -> list[CaseStudyPage]:
    """The latest public cases, as a visitor sees them."""
    return list(
        CaseStudyPage.objects.visible_to(AnonymousUser())
        .with_related()
        .order_by("-first_published_at", "-pk")[:limit]
    )
