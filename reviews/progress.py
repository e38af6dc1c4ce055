"""Where a campaign stands: each step's state and deadline, and the counts per residential group."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import access
from households.status import add_months
from reviews.models import Campaign, Stage, Step, StepClosure
from reviews.services import current_reviewers, missing_for_closing


@dataclass
class StepState:
    step: Step
    closure: StepClosure | None
    open: bool  # work may be done in it now
    deadline: date | None = None
    deadline_note: str = ""
    missing: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.closure is None and self.deadline is not None and self.deadline < timezone.localdate()


def deadlines(campaign: Campaign) -> dict[int, tuple[date, str]]:
    """The dates each step must be done by: Quyết định 24/2021 Art. 3, 5 and 7."""
    review = campaign.review
    if campaign.is_periodic:
        return {
            Step.RECOGNITION: (review.ends_on, _("The periodic review ends on 14/12 (Art. 3).")),
            Step.REPORT: (
                date(review.year, 11, 15),
                _("Preliminary results reach the ministry before 15/11, official ones before 20/12 (Art. 7)."),
            ),
        }
    recognition = review.starts_on + timedelta(days=settings.GIAMNGHEO_REGULAR_RECOGNITION_DAYS)
    notes = {
        Step.RECOGNITION: (recognition, _("Decision and certificates within 15 days of the review's start (Art. 5)."))
    }
    following = add_months(review.starts_on.replace(day=1), 1)
    if 2 <= following.month <= 9:
        notes[Step.REPORT] = (
            following.replace(day=5),
            _("Regular results are reported by the 5th, February to September (Art. 7)."),
        )
    return notes


def steps(campaign: Campaign, today: date, entries=None, *, closures=None, details=True) -> list[StepState]:
    """Each step's state; `details`: with what keeps the current one open (it reads the campaign's list).

    `closures`: the campaign's StepClosure rows, when the caller has read them for several campaigns.
    """
    if closures is None:
        closures = campaign.closures.select_related("closed_by")
    closures = {c.step: c for c in closures}
    due = deadlines(campaign)
    states, previous_closed = [], True
    for step in Step:
        closure = closures.get(step)
        state = StepState(
            step=step,
            closure=closure,
            open=closure is None and (previous_closed or step == Step.MEETING and Step.LIST in closures),
        )
        if step in due:
            state.deadline, state.deadline_note = due[step]
        if details and closure is None and previous_closed and step != Step.RECOGNITION:
            state.missing = missing_for_closing(campaign, step, today, entries)
        states.append(state)
        previous_closed = closure is not None
    return states


def groups(campaign: Campaign, entries) -> list[dict]:
    """Per residential group: its reviewer and how many households stand at each stage."""
    reviewers = current_reviewers(campaign)
    meetings = {}
    for meeting in campaign.meetings.all():
        meetings.setdefault(meeting.residential_group_id, []).append(meeting)
    rows = {}
    for entry in entries:
        row = rows.setdefault(
            entry.residential_group_id,
            {
                "group": entry.residential_group,
                "reviewer": reviewers.get(entry.residential_group_id),
                "meetings": meetings.get(entry.residential_group_id, []),
                "total": 0,
                **{stage.value: 0 for stage in Stage},
            },
        )
        row["total"] += 1
        row[entry.stage] += 1
    return sorted(rows.values(), key=lambda row: (len(row["group"].code), row["group"].code))


def reminders(today: date, user) -> list[dict]:
    """The user's open reviews with the step they are at, its deadline and what keeps it open, for the home page.

    Across several communes (the province) each row names its commune and leaves out what keeps
    the step open: that reads each campaign's list, 65 of them on one page. Overdue ones first.
    """
    campaigns = list(Campaign.objects.for_user(user).open().select_related("review", "commune"))
    several = access.spans_communes(user)
    closures: dict[int, list[StepClosure]] = {campaign.pk: [] for campaign in campaigns}
    for closure in StepClosure.objects.filter(campaign__in=campaigns).select_related("closed_by"):
        closures[closure.campaign_id].append(closure)
    rows = []
    for campaign in campaigns:
        states = steps(campaign, today, closures=closures[campaign.pk], details=not several)
        current = next((state for state in states if state.closure is None), None)
        if current is not None:
            rows.append({"campaign": campaign, "step": current, "commune": campaign.commune if several else None})
    if several:
        rows.sort(key=lambda row: (not row["step"].overdue, row["step"].step, row["campaign"].commune.name))
    return rows
