from django.core.management.base import BaseCommand

from imports.exports import keep_for, purge


class Command(BaseCommand):
    help = (
        "Erase export jobs older than GIAMNGHEO_EXPORT_KEEP_DAYS with their files (they hold personal "
        "data), after marking jobs stuck for a day failed. Run it nightly."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Erased {purge()} export(s) older than {keep_for().days} day(s).")
