from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from giamngheo.forms import DateField, FormStyleMixin, LookupInput, MoneyField, NormalizedCharField
from giamngheo.models import User
from households.models import Household, Member
from projects.models import Activity, Support


class ActivityForm(FormStyleMixin, forms.ModelForm):
    title = NormalizedCharField(label=_("title"), max_length=255)
    held_on = DateField(label=_("date"))
    place = NormalizedCharField(label=_("place"), max_length=255)

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "held_on",
            "place",
            "responsible",
            "participants",
            "participants_female",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, subproject, **kwargs):
        super().__init__(*args, **kwargs)
        self.subproject = subproject
        self.fields["responsible"].queryset = User.objects.filter(
            is_active=True, unit__in=subproject.units.all()
        ).order_by("full_name")

    def clean(self):
        data = super().clean()
        plan = self.subproject.plan
        held_on = data.get("held_on")
        if held_on and not plan.starts_on <= held_on <= plan.ends_on:
            self.add_error(
                "held_on",
                ValidationError(
                    _("The date must fall within the plan year %(year)s."),
                    code="outside_plan_year",
                    params={"year": plan.year},
                ),
            )
        if (data.get("participants_female") or 0) > (data.get("participants") or 0):
            self.add_error(
                "participants_female",
                ValidationError(_("There cannot be more women than participants."), code="women_over_total"),
            )
        return data


class SupportForm(FormStyleMixin, forms.Form):
    """A support as the unit records it; the beneficiary is checked before it is saved."""

    household = forms.CharField(
        label=_("household code"), max_length=30, widget=LookupInput(reverse_lazy("households:lookup"))
    )
    member = forms.ModelChoiceField(label=_("person"), queryset=Member.objects.none(), required=False)
    activity = forms.ModelChoiceField(label=_("activity"), queryset=Activity.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("kind"), choices=Support.Kind.choices)
    items = NormalizedCharField(label=_("items"), max_length=255)
    quantity = forms.IntegerField(label=_("quantity"), min_value=1, initial=1)
    value = MoneyField(label=_("value (VND)"), initial=0)
    supported_on = DateField(label=_("date"))
    labour_contract = forms.BooleanField(
        label=_("the worker signed a labour contract"),
        required=False,
        help_text=_("Asked for a job connection: it is paid only with a labour contract (KH 538/KH-UBND, III.3.2)."),
    )
    override_reason = forms.CharField(
        label=_("justification for an ineligible beneficiary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, subproject, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.subproject = subproject
        self.households = Household.objects.for_user(user)
        self.fields["activity"].queryset = subproject.activities.all()
        code = (self.data.get("household") if self.is_bound else self.initial.get("household")) or ""
        # Any member the user may see is accepted here; the service refuses one of another household.
        self.fields["member"].queryset = Member.objects.filter(household__in=self.households)
        self.member_choices = Member.objects.filter(
            household__in=self.households, household__code=code.strip()
        ).head_first()

    def clean_household(self):
        code = self.cleaned_data["household"].strip()
        household = self.households.filter(code=code).first()
        if household is None:
            raise ValidationError(
                _("No household has the code %(code)s."), code="household_unknown", params={"code": code}
            )
        return household
