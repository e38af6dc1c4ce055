"""Load a ward plan (programme, units, plan, targets, sub-projects) from its JSON file.

The file is the plan's content as data (fixtures/plan-538-KH-UBND-2023.json); loading
it twice changes nothing.
"""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from giamngheo.models import AdministrativeUnit, Unit
from projects.models import Assignment, Plan, PlanTarget, Program, SubProject


@transaction.atomic
def load_plan(path: Path, ward: AdministrativeUnit | None = None) -> Plan:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    spec = data["program"]
    program, _ = Program.objects.update_or_create(
        code=spec["code"],
        defaults={
            **{k: spec[k] for k in ("name", "decision", "component_word", "subcomponent_word")},
            "starts_on": date.fromisoformat(spec["starts_on"]),
            "ends_on": date.fromisoformat(spec["ends_on"]),
        },
    )
    plan_spec = data["plan"]
    signed_on = date.fromisoformat(plan_spec["signed_on"])
    ward = ward or AdministrativeUnit.objects.served_on(signed_on)
    if ward is None:
        raise ValueError(f"No ward is served on {signed_on:%d/%m/%Y}: create it first.")
    units = {}
    # The commune's own units, kept across years and mergers: the farmers' association that led
    # 3.1 in the former ward leads it in the ward it became.
    commune_units = Unit.objects.filter(ward__in=ward.current().lineage())
    for unit in data["units"]:
        found = commune_units.filter(code=unit["code"]).first() or Unit(code=unit["code"], ward=ward)
        found.name, found.kind = unit["name"], unit["kind"]
        found.save()
        units[unit["code"]] = found
    plan, _ = Plan.objects.update_or_create(
        ward=ward,
        year=plan_spec["year"],
        number=plan_spec["number"],
        defaults={
            "program": program,
            "signed_on": signed_on,
            **{k: plan_spec[k] for k in ("signer", "title", "general_objective")},
        },
    )
    plan.targets.all().delete()
    PlanTarget.objects.bulk_create(
        PlanTarget(
            plan=plan,
            indicator=target["indicator"],
            text=target["text"],
            low=Decimal(target["low"]) if target.get("low") else None,
            high=Decimal(target["high"]) if target.get("high") else None,
        )
        for target in plan_spec["targets"]
    )
    fields = ("official_name", "local_code", "local_label", "objective", "beneficiaries", "support_contents")
    for sub in data["subprojects"]:
        subproject, _ = SubProject.objects.update_or_create(
            plan=plan,
            official_code=sub["official_code"],
            defaults={
                **{k: sub[k] for k in fields},
                "assignment_text": sub.get("assignment_text", ""),
                "rule_set": sub["rule_set"],
                "order": sub["order"],
            },
        )
        subproject.assignments.all().delete()
        Assignment.objects.bulk_create(
            [Assignment(subproject=subproject, unit=units[code], role=Assignment.Role.LEAD) for code in sub["lead"]]
            + [
                Assignment(subproject=subproject, unit=units[code], role=Assignment.Role.COORDINATE)
                for code in sub["coordinate"]
            ]
        )
    return plan
