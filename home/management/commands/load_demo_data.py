from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home import demo
from households.models import Household


class Command(BaseCommand):
    help = "Build the demo ward (phường Phước Hải) with households, reviews and demo logins. Never in production."

    def add_arguments(self, parser):
        parser.add_argument("--households", type=int, default=3000, help="How many households (default 3000).")
        parser.add_argument("--seed", type=int, default=2023, help="Random seed: the same seed gives the same ward.")

    def handle(self, *args, households, seed, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo ward is never loaded in production.")
        if Household.objects.exists():
            self.stdout.write("Demo data is already loaded; nothing to do.")
            return
        demo.build_demo_ward(households=households, seed=seed)
        self.stdout.write(self.style.SUCCESS(f"Demo ward built: {households} households."))
        self.stdout.write(f"Demo logins (password {demo.DEMO_PASSWORD}):")
        for username, full_name, _position, group, _staff in demo.USERS:
            self.stdout.write(f"  {username:<11} {group or 'superuser'} – {full_name}")
        for username, full_name, _position, group, _unit in demo.PROVINCE_USERS:
            self.stdout.write(f"  {username:<11} {group} – {full_name}")
