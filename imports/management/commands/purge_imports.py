from django.core.management.base import BaseCommand

from imports.batches import purge_expired


class Command(BaseCommand):
    help = "Erase uploaded files older than a day that were never imported (they hold personal data). Run it nightly."

    def handle(self, *args, **options):
        self.stdout.write(f"Erased {purge_expired()} expired upload(s).")
