from django.core.management.base import BaseCommand

from budget import services as budget


class Command(BaseCommand):
    help = "Verify that no budget line has paid more than it has; exit 1 on any breach."

    def handle(self, *args, **options):
        found = budget.breaches()
        for line in found:
            self.stdout.write(
                f"BREACH {line.pk} {line}: available {line.available:,} đ, disbursed {line.disbursed:,} đ".replace(
                    ",", "."
                )
            )
        if found:
            self.stdout.write(f"{len(found)} budget line(s) in breach.")
            raise SystemExit(1)
        self.stdout.write("Every budget line is within its allocation.")
