"""Writes to the reference data: loading the MAMH municipal directory."""

from __future__ import annotations

import csv
import ipaddress
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction

from cop.taxonomy.models import MunicipalDomain, Municipality, Region, SizeBand

MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parent / "data" / "municipalites_quebec_reduced.csv"
)

# Designations that are local municipalities under Quebec law. Left out:
# unorganized territories ("Territoire non organisé"), federal Indian reserves,
# category I/IA lands and the Eeyou Istchee regional government, which are not
# municipalities whose employees would publish here.
KEPT_DESIGNATIONS = frozenset(
    {
        "Municipalité",
        "Ville",
        "Paroisse",
        "Canton",
        "Cantons unis",
        "Village",
        "Village nordique",
        "Village cri (Terre de la catégorie",
        "Village naskapi (Terre de la catégo",
    }
)

_REGION_RE = re.compile(r"^(?P<name>.+?)\s*\((?P<code>\d{2})\)$")


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int
    skipped: int

    @property
    def kept(self) -> int:
        return self.created + self.updated + self.unchanged


def parse_region(raw: str) -> tuple[str, str]:
    """Split "Estrie (05)" into ("05", "Estrie"); MAMH writes en dashes as "--"."""
    match = _REGION_RE.match(raw.strip())
    if not match:
        raise ValueError(f"Unrecognised administrative region: {raw!r}")
    return match["code"], match["name"].replace("--", "–")


def _website(raw: str) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    return raw if raw.startswith(("http://", "https://")) else f"https://{raw}"


def _area(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.strip()) if raw.strip() else None
    except InvalidOperation:
        return None


def read_municipal_rows(path: Path = MUNICIPALITIES_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def kept_rows(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    return [row for row in rows if row["mdes"].strip() in KEPT_DESIGNATIONS]


@transaction.atomic
def load_municipalities(
    *,
    path: Path = MUNICIPALITIES_CSV,
    progress: Callable[[int, int], None] | None = None,
) -> LoadReport:
    """Create or update regions and municipalities from the MAMH file; idempotent."""
    rows = read_municipal_rows(path)
    keep = kept_rows(rows)
    regions: dict[str, Region] = {}
    for row in keep:
        code, name = parse_region(row["regadm"])
        if code not in regions:
            region, _ = Region.objects.update_or_create(
                code=code, defaults={"name": name}
            )
            regions[code] = region

    existing = {m.geographic_code: m for m in Municipality.objects.all()}
    created = updated = unchanged = 0
    to_create: list[Municipality] = []
    to_update: list[Municipality] = []
    fields = [
        "name",
        "designation",
        "region_id",
        "mrc",
        "population",
        "area_km2",
        "website",
        "size_band",
    ]
    for index, row in enumerate(keep, start=1):
        population = int(row["mpopul"] or 0)
        values = {
            "name": row["munnom"].strip(),
            "designation": row["mdes"].strip(),
            "region_id": regions[parse_region(row["regadm"])[0]].pk,
            "mrc": row["mrc"].strip(),
            "population": population,
            "area_km2": _area(row["msuperf"]),
            "website": _website(row["mweb"]),
            "size_band": SizeBand.for_population(population).value,
        }
        current = existing.get(row["mcode"].strip())
        if current is None:
            to_create.append(
                Municipality(geographic_code=row["mcode"].strip(), **values)
            )
            created += 1
        elif any(getattr(current, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(current, field, value)
            to_update.append(current)
            updated += 1
        else:
            unchanged += 1
        if progress:
            progress(index, len(keep))
    Municipality.objects.bulk_create(to_create, batch_size=500)
    Municipality.objects.bulk_update(to_update, fields, batch_size=500)
    derive_default_municipal_domains()
    return LoadReport(
        created=created,
        updated=updated,
        unchanged=unchanged,
        skipped=len(rows) - len(keep),
    )


# --- Default email domains ---------------------------------------------------

# Web hosts that serve many organisations' pages: never a municipality's own
# email domain (matched as a suffix of the host, or as a host prefix).
SHARED_WEB_HOSTS = (
    "municipalites-du-quebec.",
    "facebook.com",
    "wixsite.com",
    "wordpress.com",
    "sites.google.com",
    "blogspot.com",
    "squarespace.com",
    "weebly.com",
    "jimdofree.com",
    "webnode.page",
)
# Public suffixes a derived domain may not be reduced to.
PUBLIC_SUFFIXES = frozenset(
    {"ca", "qc.ca", "gouv.qc.ca", "quebec", "com", "org", "net"}
)


def domain_from_website(website: str) -> str:
    """The email domain a municipality's website suggests, or "" if none.

    ``www.abercorn.ca`` → ``abercorn.ca``; ``https://ville.exemple.qc.ca/fr/`` →
    ``ville.exemple.qc.ca``. Shared hosts and bare addresses give nothing.
    """
    raw = website.strip()
    if not raw:
        return ""
    if "://" not in raw:
        raw = f"https://{raw}"
    host = (urlsplit(raw).hostname or "").lower().rstrip(".")
    host = host.removeprefix("www.")
    if "." not in host or host in PUBLIC_SUFFIXES:
        return ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return ""
    if any(
        host.startswith(shared) or host == shared or host.endswith(f".{shared}")
        for shared in SHARED_WEB_HOSTS
    ):
        return ""
    return host


@transaction.atomic
def derive_default_municipal_domains() -> int:
    """Give every municipality that has no email domain yet the one its website
    suggests; returns how many were created. Idempotent.

    Never touches a municipality that already has a domain (typed by a moderator
    or derived earlier), never takes a domain already registered, and skips a
    host that several municipalities share (a regional site speaks for none of
    them). A derived domain admits verified addresses on it and its subdomains
    (cop.accounts.signup), so moderators should remove any that is wrong.
    """
    websites = dict(
        Municipality.objects.exclude(website="").values_list("pk", "website")
    )
    derived = {pk: domain_from_website(website) for pk, website in websites.items()}
    shared = {domain for domain, n in Counter(derived.values()).items() if n > 1}
    with_domain = set(
        MunicipalDomain.objects.values_list("municipality_id", flat=True).distinct()
    )
    taken = set(MunicipalDomain.objects.values_list("domain", flat=True))
    to_create = []
    for pk, domain in derived.items():
        if not domain or domain in shared or domain in taken or pk in with_domain:
            continue
        taken.add(domain)
        to_create.append(MunicipalDomain(municipality_id=pk, domain=domain))
    MunicipalDomain.objects.bulk_create(to_create, batch_size=500)
    return len(to_create)
