"""`manage.py search_index rebuild|status|reconcile|retry`: index management for
operators (English output)."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cop.core.progress import ProgressBar
from search.contract import ALL_KINDS
from search.engine import SearchUnavailable, elasticsearch_backend
from search.indexing import retry_pending
from search.models import PendingIndexUpdate

NO_INDEX = (
    "ELASTICSEARCH_URL is not set: the database backend answers searches and "
    "needs no index management."
)


class Command(BaseCommand):
    help = (
        "Manage the Elasticsearch indices: rebuild (new index + atomic alias "
        "swap), status, reconcile (repair drift with the database), retry "
        "(apply queued updates)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="Rebuild indices, then swap aliases.")
        rebuild.add_argument(
            "--kind",
            action="append",
            choices=ALL_KINDS,
            help="Only this kind (repeatable). Default: every kind.",
        )
        sub.add_parser("status", help="Documents in the database vs in the index.")
        reconcile = sub.add_parser(
            "reconcile", help="Find and fix missing, stale and orphaned documents."
        )
        reconcile.add_argument(
            "--dry-run", action="store_true", help="Only report, change nothing."
        )
        retry = sub.add_parser("retry", help="Apply queued index updates now.")
        retry.add_argument(
            "--all", action="store_true", help="Also those not due yet (no backoff)."
        )

    def handle(self, *args, **options):
        action = options["action"]
        backend = elasticsearch_backend()
        if backend is None:
            self.stdout.write(NO_INDEX)
            if action == "rebuild":
                self.stdout.write("Rebuilding Wagtail's database index instead.")
                call_command("update_index", verbosity=0)
            return
        try:
            getattr(self, f"_{action}")(backend, options)
        except SearchUnavailable as exc:
            raise CommandError(f"Elasticsearch is unavailable: {exc}") from exc

    def _rebuild(self, backend, options) -> None:
        total = 0
        started = time.monotonic()
        for kind in options.get("kind") or ALL_KINDS:
            progress = ProgressBar(f"{kind:<10}", stream=self.stdout)
            total += backend.rebuild(progress=progress, kinds=[kind])
            targets = ", ".join(backend.status_of(kind)["indices"])
            self.stdout.write(f"  {backend.alias(kind)} -> {targets}")
        elapsed = max(time.monotonic() - started, 1e-6)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {total} documents in {elapsed:.1f} s "
                f"({total / elapsed:.0f} docs/s)."
            )
        )

    def _status(self, backend, options) -> None:
        header = (
            f"{'kind':<10} {'database':>9} {'index':>9} {'pending':>8}  alias -> index"
        )
        self.stdout.write(header)
        for row in backend.status():
            target = ", ".join(row["indices"]) or "(missing)"
            flag = "" if row["in_database"] == row["in_index"] else "  (differs)"
            self.stdout.write(
                f"{row['kind']:<10} {row['in_database']:>9} {row['in_index']:>9} "
                f"{row['pending']:>8}  {row['alias']} -> {target}{flag}"
            )

    def _reconcile(self, backend, options) -> None:
        dry_run = options["dry_run"]
        report = backend.reconcile(dry_run=dry_run)
        for drift in report.kinds:
            self.stdout.write(
                f"{drift.kind:<10} missing {len(drift.missing):>5}  "
                f"stale {len(drift.stale):>5}  orphaned {len(drift.orphaned):>5}"
            )
            for label, pks in (
                ("missing", drift.missing),
                ("stale", drift.stale),
                ("orphaned", drift.orphaned),
            ):
                if pks:
                    shown = ", ".join(str(pk) for pk in pks[:20])
                    more = f" (+{len(pks) - 20} more)" if len(pks) > 20 else ""
                    self.stdout.write(f"  {label}: {shown}{more}")
        if report.clean:
            self.stdout.write(self.style.SUCCESS("Index and database agree."))
        elif dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS("Drift repaired."))
        if not dry_run:
            self.stdout.write(f"Queued updates covered: {report.retried}.")

    def _retry(self, backend, options) -> None:
        before = PendingIndexUpdate.objects.count()
        applied, left = retry_pending(backend=backend, force=options["all"])
        self.stdout.write(
            f"Applied {applied} of {before} queued updates; {left} still queued."
        )
