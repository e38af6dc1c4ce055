"""Drafting, submitting and correcting monitoring reports."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo.money import format_money, format_number
from monitoring import indicators
from monitoring.models import Report


def figures(report: Report) -> dict:
    """The report's numbers: frozen once submitted, computed from today's data before."""
    if report.snapshot is not None:
        return report.snapshot
    return indicators.compute(report.starts_on, report.ends_on, report.year)


def _vnd(amount: int) -> str:
    return format_money(amount, "đồng")


def _decimal(value: str) -> str:
    """A rate the figures keep as text ("33.33"), written "33,33"."""
    return format_number(Decimal(value))


def draft_texts(data: dict) -> dict[str, str]:
    """Narrative sections pre-filled from the figures; the officer edits them."""
    p = {key: _decimal(value) if key.endswith("_rate") else value for key, value in data["poverty"].items()}
    situation = _(
        "At the start of the period the ward had %(poor)d poor households (%(poor_rate)s%%) and %(near)d near-poor "
        "households (%(near_rate)s%%) out of %(total)d. At the end it had %(poor_end)d poor households "
        "(%(poor_end_rate)s%%) and %(near_end)d near-poor households (%(near_end_rate)s%%). During the period "
        "%(escaped)d households escaped poverty and %(escaped_near)d escaped near-poverty; %(newly)d became poor "
        "for the first time and %(relapsed)d fell back into poverty."
    ) % {
        "poor": p["poor_start"], "poor_rate": p["poor_start_rate"], "near": p["near_poor_start"],
        "near_rate": p["near_poor_start_rate"], "total": p["total"], "poor_end": p["poor_end"],
        "poor_end_rate": p["poor_end_rate"], "near_end": p["near_poor_end"], "near_end_rate": p["near_poor_end_rate"],
        "escaped": p["escaped_poverty"], "escaped_near": p["escaped_near_poverty"], "newly": p["newly_poor"],
        "relapsed": p["relapsed"],
    }  # fmt: skip
    line = _(
        "- %(code)s. %(name)s: %(activities)d activities; %(households)d households, %(people)d people, %(value)s."
    )
    results = "\n".join(line % {**row, "value": _vnd(row["value"])} for row in data["subprojects"])
    available = sum(row["available"] for row in data["budget"])
    disbursed = sum(row["disbursed"] for row in data["budget"])
    budget = _("Budget available %(available)s; disbursed %(disbursed)s (%(rate)s%%).") % {
        "available": _vnd(available),
        "disbursed": _vnd(disbursed),
        "rate": _decimal(indicators.rate(disbursed, available)),
    }
    return {"situation": situation, "results": results, "budget": budget}


@transaction.atomic
def draft(*, period: str, year: int, by) -> Report:
    if Report.objects.filter(period=period, year=year).exists():
        raise ValidationError(
            _("A report for this period exists: open it, or correct it with a new version."), code="report_exists"
        )
    report = Report(period=period, year=year, created_by=by)
    for field, text in draft_texts(indicators.compute(report.starts_on, report.ends_on, year)).items():
        setattr(report, field, text)
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def submit(*, report: Report, by) -> Report:
    """Freeze the figures as they are now; later changes to the data no longer move them."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.submitted:
        raise ValidationError(_("This report is already submitted."), code="already_submitted")
    if not report.number or not report.report_date:
        raise ValidationError(_("Give the report its number and date before submitting it."), code="number_missing")
    # Kept with the frozen record: the deadline and holiday rows that set it may change later.
    report.submitted_due_on = report.due_on()
    report.snapshot = indicators.compute(report.starts_on, report.ends_on, report.year)
    report.state = Report.State.SUBMITTED
    report.submitted_by = by
    report.submitted_at = timezone.now()
    report.save(update_fields=["submitted_due_on", "snapshot", "state", "submitted_by", "submitted_at"])
    return report


@transaction.atomic
def new_version(*, report: Report, by) -> Report:
    """A correction of a submitted report: a new draft version, the old one kept as it was."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.submitted:
        raise ValidationError(_("Only a submitted report is corrected by a new version."), code="not_submitted")
    if hasattr(report, "superseded_by"):
        raise ValidationError(_("This version has already been corrected."), code="already_corrected")
    latest = Report.objects.filter(period=report.period, year=report.year).order_by("-version").first()
    return Report.objects.create(
        period=report.period,
        year=report.year,
        version=latest.version + 1,
        supersedes=report,
        situation=report.situation,
        results=report.results,
        budget=report.budget,
        difficulties=report.difficulties,
        proposals=report.proposals,
        created_by=by,
    )
