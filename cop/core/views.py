from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cop.taxonomy.models import Municipality, Region, SizeBand


def about_data(request: HttpRequest) -> HttpResponse:
    """Where the reference data comes from, with its licence and what was kept."""
    regions = Region.objects.annotate(count=Count("municipalities")).order_by("code")
    bands = {
        row["size_band"]: row["count"]
        for row in Municipality.objects.values("size_band").annotate(count=Count("id"))
    }
    size_bands = [(band.label, bands.get(band.value, 0)) for band in SizeBand]
    return render(
        request,
        "core/about_data.html",
        {
            "regions": regions,
            "size_bands": size_bands,
            "municipality_count": Municipality.objects.count(),
        },
    )
