from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giamngheo.models import AdministrativeUnit
from projects.plan_loader import load_plan


class Command(BaseCommand):
    help = "Load a ward plan with its sub-projects from a JSON file (e.g. fixtures/plan-538-KH-UBND-2023.json)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--ward", help="Code of the ward the plan belongs to (default: the ward served then).")

    def handle(self, *args, path, ward, **options):
        unit = None
        if ward:
            unit = AdministrativeUnit.objects.filter(code=ward).first()
            if unit is None:
                raise CommandError(f"No administrative unit has the code {ward}.")
        try:
            plan = load_plan(path, unit)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot load {path}: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded plan {plan} with {plan.subprojects.count()} sub-projects."))
