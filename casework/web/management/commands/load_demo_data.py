"""Load the demo organisation for `make run`. Refuses outside DEBUG so demo data never reaches production."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load demo data for trying Casework locally (DEBUG only; safe to run repeatedly)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("load_demo_data only runs with DEBUG=1: demo data must not reach production")
        # The case file and staff web app add demo staff and cases here; the foundation has none yet.
        self.stdout.write("Demo data: nothing to load yet.")
