from django.core.management.base import BaseCommand

from budget import services as budget
from giamngheo.money import format_money


class Command(BaseCommand):
    help = "Verify that no budget line has paid more than it has; exit 1 on any breach."

    def handle(self, *args, **options):
        found = budget.breaches()
        for line in found:
            self.stdout.write(
                f"BREACH {line.pk} {line}: available {format_money(line.available)}, "
                f"disbursed {format_money(line.disbursed)}"
            )
        if found:
            self.stdout.write(f"{len(found)} budget line(s) in breach.")
            raise SystemExit(1)
        self.stdout.write("Every budget line is within its allocation.")
