from django.core.management.base import BaseCommand

from imports.batches import purge_expired


class Command(BaseCommand):
    help = (
        "Erase every uploaded file older than a day, whatever its state (they hold personal data), "
        "after marking stale checks and imports interrupted. Run it nightly."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Erased {purge_expired()} upload(s) older than a day.")
