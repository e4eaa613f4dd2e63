"""A small, known corpus for the search contract suite (both backends).

Words chosen so each test can name exactly what must (not) match:
- « fuites » is in case 1's title and only in passing in case 3's approach;
- « télémétrie » exists only in members-only content (case 4 and thread 2);
- « Rivière-Cachée » is the real municipality behind the anonymous case 5;
- « Québec » appears in five public case summaries (pagination).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from casestudies.models import CaseStudyPage, Solution
from cop.taxonomy.models import Municipality, Region, Theme
from tests.factories import (
    MunicipalityFactory,
    RegionFactory,
    SolutionFactory,
    ThemeFactory,
    UserFactory,
    VendorFactory,
    give_profile,
    make_case_study,
    make_thread,
)

HIDDEN_TOWN = "Rivière-Cachée"


@dataclass
class Corpus:
    region_a: Region
    region_b: Region
    town_a: Municipality
    town_b: Municipality
    hidden_town: Municipality
    water: Theme
    services: Theme
    leak_radar: Solution
    chatbot: Solution
    leaks: CaseStudyPage  # 1: « fuites » in the title
    agent: CaseStudyPage  # 2: failure, chatbot
    budget: CaseStudyPage  # 3: « fuites » only in passing
    secret: CaseStudyPage  # 4: members only
    archives: CaseStudyPage  # 5: anonymous
    transcription: CaseStudyPage  # 6: ongoing
    public_thread: object
    members_thread: object
    hidden_town_member: object


def build_corpus() -> Corpus:
    region_a = RegionFactory(code="16", name="Montérégie")
    region_b = RegionFactory(code="03", name="Capitale-Nationale")
    town_a = MunicipalityFactory(name="Saint-Alphonse-Test", region=region_a)
    town_b = MunicipalityFactory(
        name="Sainte-Béatrice-Test", region=region_b, population=40_000
    )
    hidden_town = MunicipalityFactory(
        name=HIDDEN_TOWN, region=region_b, population=12_000
    )
    water = ThemeFactory(
        slug="eau-contrat", name_fr="Eau potable (contrat)", name_en="Water (contract)"
    )
    services = ThemeFactory(
        slug="services-contrat",
        name_fr="Services aux citoyens (contrat)",
        name_en="Services (contract)",
    )
    leak_radar = SolutionFactory(
        name="RadarFuites", vendor=VendorFactory(name="Acoustique Québec inc.")
    )
    chatbot = SolutionFactory(
        name="Dialogue Municipal", vendor=VendorFactory(name="Dialogue inc.")
    )

    leaks = make_case_study(
        municipality=town_a,
        themes=[water],
        solutions=[leak_radar],
        title="Détection des fuites d'eau par capteurs acoustiques",
        summary=(
            "Des capteurs acoustiques posés sur l'aqueduc repèrent les fuites "
            "avant qu'elles ne percent la chaussée, au Québec."
        ),
        problem=(
            "Le réseau d'aqueduc perdait le quart de l'eau potable produite. "
            "Les fuites graves et coûteuses passaient inaperçues."
        ),
        approach="Quarante capteurs installés sur les conduites principales.",
        outcome="success",
        stage="deployed",
        started=datetime.date(2021, 4, 1),
        external_id="contrat-fuites",
    )
    agent = make_case_study(
        municipality=town_b,
        themes=[services],
        solutions=[chatbot],
        title="Agent conversationnel pour les questions des citoyens",
        summary=(
            "L'agent conversationnel répondait aux questions sur les collectes, "
            "au Québec, mais les citoyens l'ont boudé."
        ),
        problem="Le service aux citoyens débordait d'appels répétitifs.",
        approach="Un robot de clavardage branché sur la foire aux questions.",
        outcome="failure",
        stage="pilot",
        started=datetime.date(2022, 9, 1),
        external_id="contrat-agent",
    )
    budget = make_case_study(
        municipality=town_b,
        themes=[services],
        title="Budget participatif en ligne",
        summary="Les citoyens votent en ligne pour des projets de quartier au Québec.",
        problem="La participation aux assemblées publiques était faible.",
        approach=(
            "Une plateforme de vote en ligne; des citoyens y ont aussi signalé "
            "quelques fuites dans les parcs, transmises aux travaux publics."
        ),
        outcome="partial",
        stage="deployed",
        started=datetime.date(2022, 2, 1),
    )
    secret = make_case_study(
        municipality=town_b,
        themes=[water],
        title="Télémétrie des réservoirs municipaux",
        summary="Projet confidentiel de télémétrie des réservoirs d'eau potable.",
        problem="Les niveaux des réservoirs étaient relevés à la main.",
        outcome="partial",
        stage="pilot",
        started=datetime.date(2020, 6, 1),
        visibility="members",
    )
    archives = make_case_study(
        municipality=hidden_town,
        themes=[services],
        title="Numérisation des archives municipales",
        summary=(
            "Les procès-verbaux depuis 1950 sont numérisés et cherchables, au Québec."
        ),
        problem="Les archives papier se dégradaient dans un sous-sol humide.",
        outcome="success",
        stage="deployed",
        started=datetime.date(2019, 3, 1),
        attribution="anonymous",
    )
    transcription = make_case_study(
        municipality=town_a,
        themes=[services],
        title="Transcription automatique des séances du conseil",
        summary="Un essai de transcription des séances publiques, au Québec.",
        problem="Les procès-verbaux prenaient des semaines à rédiger.",
        outcome="ongoing",
        stage="pilot",
        started=datetime.date(2023, 1, 15),
    )
    # Markup that slipped past validation (an old import) must stay inert text.
    CaseStudyPage.objects.filter(pk=leaks.pk).update(
        problem=(
            "Le réseau d'aqueduc perdait le quart de l'eau potable produite. "
            "Les fuites <b>graves</b> & coûteuses passaient inaperçues."
        )
    )
    leaks.refresh_from_db()
    author = UserFactory(email="auteur-contrat@exemple.qc.ca", groups=["Members"])
    public_thread = make_thread(
        theme=water,
        author=author,
        title="Quel capteur choisir pour repérer les fuites?",
        body="Nous comparons des capteurs acoustiques pour l'aqueduc municipal.",
        visibility="public",
    )
    public_thread.related_solutions.add(leak_radar)
    members_thread = make_thread(
        theme=water,
        author=author,
        title="Retour d'expérience sur la télémétrie",
        body="La télémétrie des réservoirs nous a évité deux débordements.",
        visibility="members",
    )
    hidden_town_member = UserFactory(
        email="employe@riviere-cachee.qc.ca", groups=["Members"]
    )
    give_profile(hidden_town_member, municipality=hidden_town)
    return Corpus(
        region_a=region_a,
        region_b=region_b,
        town_a=town_a,
        town_b=town_b,
        hidden_town=hidden_town,
        water=water,
        services=services,
        leak_radar=leak_radar,
        chatbot=chatbot,
        leaks=leaks,
        agent=agent,
        budget=budget,
        secret=secret,
        archives=archives,
        transcription=transcription,
        public_thread=public_thread,
        members_thread=members_thread,
        hidden_town_member=hidden_town_member,
    )
