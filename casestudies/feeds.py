"""RSS 2.0 feed of the latest public case studies.

A feed is read without a session and may be cached or forwarded anywhere, so it
always shows what a visitor would see: public cases only, and the anonymous label
instead of the municipality's name when a case asked for it.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from casestudies.listing import FEED_SIZE, feed_items
from casestudies.models import CaseStudyIndexPage, CaseStudyPage, Outcome


class LatestCaseStudiesFeed(Feed):
    def title(self) -> str:
        return _("Carrefour – Études de cas récentes")

    def description(self) -> str:
        return _(
            "Les %(count)d dernières études de cas publiques des municipalités du "
            "Québec : projets d'IA et numériques, réussites et échecs."
        ) % {"count": FEED_SIZE}

    def link(self) -> str:
        index = CaseStudyIndexPage.objects.live().first()
        return index.url if index else "/"

    def items(self) -> list[CaseStudyPage]:
        return feed_items()

    def item_title(self, item: CaseStudyPage) -> str:
        return item.title

    def item_description(self, item: CaseStudyPage) -> str:
        outcome = (
            _("Projet en cours")
            if item.outcome == Outcome.ONGOING
            else item.get_outcome_display()
        )
        parts = [
            escape(f"{self.item_author_name(item)} – {outcome}"),
            escape(item.summary),
        ]
        return "<p>" + "</p><p>".join(part for part in parts if part) + "</p>"

    def item_link(self, item: CaseStudyPage) -> str:
        return item.url

    def item_guid(self, item: CaseStudyPage) -> str:
        return f"carrefour-case-study-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: CaseStudyPage):
        return item.first_published_at

    def item_updateddate(self, item: CaseStudyPage):
        return item.last_published_at

    def item_author_name(self, item: CaseStudyPage) -> str:
        return item.attribution_label_for(AnonymousUser())

    def item_categories(self, item: CaseStudyPage) -> list[str]:
        return [theme.name for theme in item.themes.all()]
