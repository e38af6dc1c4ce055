from django.core.management.base import BaseCommand

from households import services


class Command(BaseCommand):
    help = (
        "Store again the current status of the households in which a future-dated decision has "
        "taken effect (run nightly; pages stay right without it, only slower); --all: every household."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Re-derive every household, stale or not.")

    def handle(self, *args, **options):
        count = services.refresh_status() if options["all"] else services.refresh_stale_status()
        self.stdout.write(f"{count} households' status stored again.")
