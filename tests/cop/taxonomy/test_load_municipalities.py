import csv

import pytest
from django.core.management import call_command

from cop.taxonomy.models import Municipality, Region, SizeBand
from cop.taxonomy.services import KEPT_DESIGNATIONS, MUNICIPALITIES_CSV, parse_region


def _file_rows():
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def loaded(db):
    call_command("load_municipalities", verbosity=0)


def test_load_municipalities_keeps_every_local_municipality_of_the_file(loaded):
    expected = {r["mcode"] for r in _file_rows() if r["mdes"] in KEPT_DESIGNATIONS}
    stored = set(Municipality.objects.values_list("geographic_code", flat=True))
    assert stored == expected
    assert len(stored) > 1_000


def test_load_municipalities_leaves_out_unorganized_territories_and_reserves(loaded):
    left_out = {
        r["mcode"]
        for r in _file_rows()
        if r["mdes"] in {"Territoire non organisé", "Réserve indienne"}
    }
    assert left_out
    assert not Municipality.objects.filter(geographic_code__in=left_out).exists()


def test_load_municipalities_creates_the_seventeen_administrative_regions(loaded):
    assert Region.objects.count() == 17
    assert Region.objects.get(code="02").name == "Saguenay–Lac-Saint-Jean"


def test_load_municipalities_is_idempotent(loaded, capsys):
    call_command("load_municipalities")
    out = capsys.readouterr().out
    assert "0 created, 0 updated" in out
    assert Municipality.objects.count() == len(
        [r for r in _file_rows() if r["mdes"] in KEPT_DESIGNATIONS]
    )


def test_load_municipalities_restores_an_edited_row(loaded):
    montreal = Municipality.objects.get(name="Montréal")
    Municipality.objects.filter(pk=montreal.pk).update(population=1, size_band="xs")
    call_command("load_municipalities", verbosity=0)
    montreal.refresh_from_db()
    assert montreal.population > 1_000_000
    assert montreal.size_band == SizeBand.VERY_LARGE


def test_load_municipalities_derives_size_bands_from_population(loaded):
    for municipality in Municipality.objects.order_by("?")[:50]:
        assert municipality.size_band == SizeBand.for_population(
            municipality.population
        )
    assert Municipality.objects.get(name="Québec").size_band == SizeBand.VERY_LARGE


@pytest.mark.parametrize(
    ("population", "band"),
    [
        (0, SizeBand.VERY_SMALL),
        (1_999, SizeBand.VERY_SMALL),
        (2_000, SizeBand.SMALL),
        (9_999, SizeBand.SMALL),
        (10_000, SizeBand.MEDIUM),
        (25_000, SizeBand.LARGE),
        (99_999, SizeBand.LARGE),
        (100_000, SizeBand.VERY_LARGE),
    ],
)
def test_size_band_for_population_uses_the_band_boundaries(population, band):
    assert SizeBand.for_population(population) == band


def test_parse_region_rejects_an_unknown_format():
    with pytest.raises(ValueError, match="Unrecognised administrative region"):
        parse_region("Estrie")
