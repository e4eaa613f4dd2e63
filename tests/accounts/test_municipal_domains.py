"""The municipal domain rule, and the default domains derived from municipal
websites when the directory is loaded."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cop.accounts.signup import candidate_domains, municipal_domain_for_email
from cop.taxonomy.models import MunicipalDomain, Municipality
from cop.taxonomy.services import derive_default_municipal_domains, domain_from_website
from tests.factories import MunicipalityFactory


def test_candidate_domains_climb_to_the_registrable_domain_and_stop():
    assert candidate_domains("a.ville.exemple.qc.ca") == [
        "a.ville.exemple.qc.ca",
        "ville.exemple.qc.ca",
        "exemple.qc.ca",
    ]
    assert candidate_domains("gouv.qc.ca") == []


def test_the_most_specific_registered_domain_wins(db):
    city, borough = MunicipalityFactory(), MunicipalityFactory()
    MunicipalDomain.objects.create(municipality=city, domain="ville.exemple.qc.ca")
    MunicipalDomain.objects.create(
        municipality=borough, domain="arr.ville.exemple.qc.ca"
    )
    assert (
        municipal_domain_for_email("x@arr.ville.exemple.qc.ca").municipality == borough
    )
    assert municipal_domain_for_email("x@ville.exemple.qc.ca").municipality == city
    assert (
        municipal_domain_for_email("X@SERVICES.Ville.Exemple.QC.CA").municipality
        == city
    )
    assert municipal_domain_for_email("x@exemple.qc.ca") is None


def test_a_registered_shared_suffix_never_admits_anyone(db):
    MunicipalDomain.objects.create(municipality=MunicipalityFactory(), domain="qc.ca")
    assert municipal_domain_for_email("x@nimporte.qc.ca") is None


@pytest.mark.parametrize(
    ("website", "domain"),
    [
        ("www.abercorn.ca", "abercorn.ca"),
        ("https://www.ville.exemple.qc.ca/fr/", "ville.exemple.qc.ca"),
        ("clermont.ao.ca/fr/", "clermont.ao.ca"),
        ("https://municipalites-du-quebec.ca/guerin/", ""),
        ("www.facebook.com/municipalite", ""),
        ("https://192.0.2.10/", ""),
        ("", ""),
    ],
)
def test_domain_from_website(website, domain):
    assert domain_from_website(website) == domain


def test_default_domains_are_derived_once_and_never_override(db):
    abercorn = MunicipalityFactory(website="https://www.abercorn.ca")
    typed = MunicipalityFactory(website="https://www.typee.ca")
    MunicipalDomain.objects.create(municipality=typed, domain="courriel-typee.ca")
    first, second = (
        MunicipalityFactory(website="https://www.region-partagee.ca/a"),
        MunicipalityFactory(website="https://region-partagee.ca/b"),
    )

    assert derive_default_municipal_domains() == 1
    assert derive_default_municipal_domains() == 0
    assert list(abercorn.email_domains.values_list("domain", flat=True)) == [
        "abercorn.ca"
    ]
    assert list(typed.email_domains.values_list("domain", flat=True)) == [
        "courriel-typee.ca"
    ]
    assert not MunicipalDomain.objects.filter(municipality__in=[first, second]).exists()


def test_loading_the_directory_derives_domains_and_stays_idempotent(db):
    call_command("load_municipalities", verbosity=0)
    count = MunicipalDomain.objects.count()
    assert count > 1000
    acton_vale = Municipality.objects.get(name="Acton Vale")
    assert list(acton_vale.email_domains.values_list("domain", flat=True)) == [
        "ville.actonvale.qc.ca"
    ]
    assert not MunicipalDomain.objects.filter(
        domain__contains="municipalites-du-quebec"
    ).exists()
    call_command("load_municipalities", verbosity=0)
    assert MunicipalDomain.objects.count() == count
