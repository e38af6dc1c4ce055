"""The review's forms: parsing only; every rule is in reviews.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo.forms import DateField, FormStyleMixin, NormalizedCharField
from giamngheo.models import ResidentialGroup
from households.models import Household, Review
from households.status import Status
from reviews.models import Appeal, Complaint, Request, Submission


class HouseholdCodeField(forms.CharField):
    """A household typed by its code, among those the user may see."""

    def __init__(self, *, households=None, **kwargs):
        kwargs.setdefault("label", _("household code"))
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)
        self.households = households

    def clean(self, value):
        code = super().clean(value).strip()
        household = self.households.filter(code=code).first()
        if household is None:
            raise forms.ValidationError(
                _("No household has the code %(code)s."), code="household_unknown", params={"code": code}
            )
        return household


class OpenCampaignForm(FormStyleMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Review.Kind.choices)
    year = forms.IntegerField(label=_("year"), min_value=2021, max_value=2100)
    month = forms.IntegerField(
        label=_("month"), min_value=1, max_value=12, required=False, help_text=_("For a regular review only.")
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Review.Kind.REGULAR and not data.get("month"):
            self.add_error(
                "month", forms.ValidationError(_("A regular review is monthly: enter the month."), code="required")
            )
        return data


class RequestForm(FormStyleMixin, forms.Form):
    household = HouseholdCodeField()
    form = forms.ChoiceField(label=_("form"), choices=Request.Form.choices)
    received_on = DateField(label=_("received on"), allow_future=False)
    channel = forms.ChoiceField(label=_("channel"), choices=Request.Channel.choices)
    applicant = NormalizedCharField(label=_("applicant"), max_length=150)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].households = Household.objects.for_user(user)


class AddEntryForm(FormStyleMixin, forms.Form):
    household = HouseholdCodeField()
    note = forms.CharField(label=_("why added"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].households = Household.objects.for_user(user)


class ReviewersForm(FormStyleMixin, forms.Form):
    """One box per residential group on the list: its reviewer (rà soát viên)."""

    def __init__(self, *args, groups, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = list(groups)
        for group in self.groups:
            reviewer = current.get(group.pk)
            self.fields[f"group_{group.pk}"] = NormalizedCharField(
                label=group.name, max_length=150, required=False, initial=reviewer.name if reviewer else ""
            )

    def names(self) -> dict:
        return {group: self.cleaned_data[f"group_{group.pk}"] for group in self.groups}


class CloseStepForm(FormStyleMixin, forms.Form):
    closed_on = DateField(label=_("closed on"), allow_future=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(FormStyleMixin, forms.Form):
    """A group's meeting; one "agreeing" box per household awaiting it."""

    held_on = DateField(label=_("held on"), allow_future=False)
    place = NormalizedCharField(label=_("place"), max_length=200)
    chair = NormalizedCharField(label=_("chair (head of the residential group)"), max_length=150)
    secretary = NormalizedCharField(label=_("secretary"), max_length=150)
    attendees = forms.IntegerField(label=_("attendees"), min_value=1, max_value=10000)
    attendee_list = forms.CharField(
        label=_("who attended"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name or organisation a line."),
    )
    front_representative = NormalizedCharField(
        label=_("Fatherland Front representative"), max_length=150, required=False
    )

    def __init__(self, *args, awaiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.awaiting = awaiting
        for entry in awaiting:
            self.fields[f"vote_{entry.pk}"] = forms.IntegerField(
                label=_("%(code)s – %(head)s (proposed: %(status)s): attendees agreeing")
                % {
                    "code": entry.household.code,
                    "head": entry.household.head_name,
                    "status": Status(entry.proposed_status).label,
                },
                min_value=0,
                max_value=10000,
            )

    def votes(self) -> dict[int, int]:
        return {entry.pk: self.cleaned_data[f"vote_{entry.pk}"] for entry in self.awaiting}


class PostingForm(FormStyleMixin, forms.Form):
    residential_group = forms.ModelChoiceField(
        label=_("residential group"),
        queryset=ResidentialGroup.objects.none(),
        required=False,
        empty_label=_("The ward's office"),
    )
    place = NormalizedCharField(label=_("place"), max_length=200)
    starts_on = DateField(label=_("posted from"))
    announced_on = DateField(label=_("announced on the radio on"), required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residential_group"].queryset = groups


class ComplaintForm(FormStyleMixin, forms.Form):
    entry = forms.ModelChoiceField(label=_("household"), queryset=None)
    lodged_by = NormalizedCharField(label=_("lodged by"), max_length=150)
    lodged_on = DateField(label=_("lodged on"), allow_future=False)
    content = forms.CharField(label=_("complaint"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
        self.fields["entry"].label_from_instance = lambda e: f"{e.household.code} – {e.household.head_name}"


class AnswerForm(FormStyleMixin, forms.Form):
    answered_on = DateField(label=_("re-checked on"), allow_future=False)
    outcome = forms.ChoiceField(label=_("outcome"), choices=Complaint.Outcome.choices, widget=forms.RadioSelect)
    new_status = forms.ChoiceField(
        label=_("status after the re-check"), choices=[("", "—"), *Status.choices], required=False
    )
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 3}))


class SubmissionForm(FormStyleMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=Submission.Kind.choices)
    number = NormalizedCharField(label=_("document number"), max_length=50)
    sent_on = DateField(label=_("sent on"), allow_future=False)

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, Submission.Kind(k).label) for k in kinds]


class RecognitionForm(FormStyleMixin, forms.Form):
    number = NormalizedCharField(label=_("decision number"), max_length=50)
    signed_on = DateField(label=_("decision date"), allow_future=False)
    effective_on = DateField(label=_("effective from"))
    signer = NormalizedCharField(label=_("signed by"), max_length=150)

    def __init__(self, *args, unqualified=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unqualified = list(unqualified)
        for entry in self.unqualified:
            self.fields[f"reply_{entry.pk}"] = forms.CharField(
                label=_("Reply to %(code)s – %(head)s: the reasons")
                % {"code": entry.household.code, "head": entry.household.head_name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def replies(self) -> dict[int, str]:
        return {entry.pk: self.cleaned_data.get(f"reply_{entry.pk}", "") for entry in self.unqualified}


def today_initial(*names) -> dict:
    return dict.fromkeys(names, timezone.localdate())


class AppealForm(FormStyleMixin, forms.Form):
    outcome = forms.ModelChoiceField(label=_("household"), queryset=None)
    lodged_by = NormalizedCharField(label=_("lodged by"), max_length=150)
    lodged_on = DateField(label=_("lodged on"), allow_future=False)
    content = forms.CharField(label=_("appeal"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].queryset = outcomes
        self.fields["outcome"].label_from_instance = lambda o: (
            f"{o.entry.household.code} – {o.entry.household.head_name} ({o.get_status_display()})"
        )


class AppealOutcomeForm(FormStyleMixin, forms.Form):
    decided_on = DateField(label=_("decided on"), allow_future=False)
    result = forms.ChoiceField(label=_("result"), choices=Appeal.Result.choices, widget=forms.RadioSelect)
    new_status = forms.ChoiceField(label=_("new status"), choices=[("", "—"), *Status.choices], required=False)
    number = NormalizedCharField(label=_("new decision number"), max_length=50, required=False)
    signer = NormalizedCharField(label=_("signed by"), max_length=150, required=False)
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 3}))
