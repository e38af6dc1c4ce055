"""Drafting, submitting and correcting monitoring reports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import access
from monitoring import indicators, narrative
from monitoring.models import Report


def figures(report: Report) -> dict:
    """The report's numbers: frozen once submitted, computed from today's data before."""
    if report.snapshot is not None:
        return report.snapshot
    return indicators.compute(report.starts_on, report.ends_on, report.year, report.commune)


@transaction.atomic
def draft(*, period: str, year: int, by, commune=None) -> Report:
    """A new report of the user's commune (or the one named) for a period."""
    commune = commune or access.commune_of(by)
    if commune is None:
        raise ValidationError(_("Choose the commune the report is for."), code="commune_missing")
    if Report.objects.filter(commune=commune, period=period, year=year).exists():
        raise ValidationError(
            _("A report for this period exists: open it, or correct it with a new version."), code="report_exists"
        )
    report = Report(
        commune=commune, period=period, year=year, created_by=by, recipients=_recipients_of_last(commune, period)
    )
    for field, text in narrative.prefilled().items():
        setattr(report, field, text)
    report.full_clean()
    report.save()
    return report


def _recipients_of_last(commune, period: str) -> str:
    """The recipients of the commune's last report of the kind: the list rarely changes."""
    last = (
        Report.objects.filter(commune=commune, period=period)
        .exclude(recipients="")
        .order_by("-year", "-version")
        .first()
    )
    return last.recipients if last else "\n".join(settings.GIAMNGHEO_REPORT_RECIPIENTS)


@transaction.atomic
def regenerate(*, report: Report) -> Report:
    """Put the pre-filled sections back, their figures named, for a draft whose text was typed by hand."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.submitted:
        raise ValidationError(_("This report is already submitted."), code="already_submitted")
    for field, text in narrative.prefilled().items():
        setattr(report, field, text)
    report.save(update_fields=list(narrative.prefilled()))
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
    figures = indicators.compute(report.starts_on, report.ends_on, report.year, report.commune)
    # The text as rendered now is what was submitted: frozen with the figures it was rendered from.
    figures["narrative"] = {
        section: narrative.render(getattr(report, section), figures) for section in narrative.SECTIONS
    }
    report.snapshot = figures
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
    latest = (
        Report.objects.filter(commune=report.commune, period=report.period, year=report.year)
        .order_by("-version")
        .first()
    )
    return Report.objects.create(
        commune=report.commune,
        period=report.period,
        year=report.year,
        version=latest.version + 1,
        supersedes=report,
        situation=report.situation,
        results=report.results,
        budget=report.budget,
        difficulties=report.difficulties,
        proposals=report.proposals,
        recipients=report.recipients,
        created_by=by,
    )
