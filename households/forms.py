import contextlib

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo import access
from giamngheo.forms import DateField, FormStyleMixin, MoneyField, NormalizedCharField, add_service_error
from giamngheo.models import ResidentialGroup
from households import services
from households.models import Assessment, DeprivationIndicator, Household, Member, Review, Status


class HouseholdForm(FormStyleMixin, forms.ModelForm):
    address = NormalizedCharField(label=_("address"), max_length=255)
    entered_on = DateField(label=_("on the register since"), allow_future=False)
    left_on = DateField(label=_("left the register on"), required=False, allow_future=False)
    merged_into = forms.CharField(
        label=_("merged into household (code)"), required=False, max_length=30, help_text=_("Only when it merged.")
    )

    class Meta:
        model = Household
        fields = ["code", "residential_group", "address", "area_type", "phone", "note", "entered_on", "left_on",
                  "left_reason", "merged_into"]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean_merged_into(self):
        code = (self.cleaned_data.get("merged_into") or "").strip()
        if not code:
            return None
        household = Household.objects.for_user(self.user).filter(code=code).first()
        if household is None:
            raise ValidationError(
                _("No household has the code %(code)s."), code="household_unknown", params={"code": code}
            )
        return household

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        today = timezone.localdate()
        groups = ResidentialGroup.objects.for_user(user).valid_on(today).select_related("unit")
        if self.instance.pk:
            groups = ResidentialGroup.objects.filter(
                Q(pk__in=groups.values("pk")) | Q(pk=self.instance.residential_group_id)
            ).select_related("unit")
        self.fields["residential_group"].queryset = groups
        self.fields["entered_on"].help_text = Household._meta.get_field("entered_on").help_text
        if self.instance.merged_into_id:
            self.initial["merged_into"] = self.instance.merged_into.code
        if not self.instance.pk:
            self.initial["entered_on"] = self.initial.get("entered_on") or today
            ward = access.commune_of(user)
            if ward and ward.area_type:
                self.fields["area_type"].initial = ward.area_type
        self.fields["code"].help_text = _("Unique in the ward; it appears in the page address, so never a CCCD.")


class MemberForm(FormStyleMixin, forms.ModelForm):
    full_name = NormalizedCharField(label=_("full name"), max_length=150)
    date_of_birth = DateField(label=_("date of birth"), allow_future=False)
    low_income_worker_since = DateField(label=_("low-income worker since"), required=False, allow_future=False)
    low_income_worker_income = MoneyField(
        label=_("household income per person per month at recognition (VND)"),
        required=False,
        help_text=Member._meta.get_field("low_income_worker_income").help_text,
    )
    low_income_worker_until = DateField(
        label=_("low-income worker until"),
        required=False,
        help_text=Member._meta.get_field("low_income_worker_until").help_text,
    )
    entered_on = DateField(
        label=_("in the household since"),
        required=False,
        allow_future=False,
        help_text=_("Empty: the date of birth for a newborn, else the household's date or today."),
    )
    left_on = DateField(label=_("left the household on"), required=False, allow_future=False)

    class Meta:
        model = Member
        fields = Member.RECORDED_FIELDS
        widgets = {"citizen_id": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Most members came with the household: a form left at the default says so.
        self.fields["entry_reason"].required = False

    def clean_entry_reason(self):
        return self.cleaned_data.get("entry_reason") or Member.EntryReason.REGISTERED

    def clean_entered_on(self):
        # Emptied on a registered member, the date stays: only a new member's is filled in for it.
        return self.cleaned_data.get("entered_on") or (self.instance.entered_on if self.instance.pk else None)

    def clean_citizen_id(self):
        number = (self.cleaned_data.get("citizen_id") or "").replace(" ", "").replace(".", "")
        if not number:
            return None
        if len(number) != 12 or not number.isdigit():
            raise ValidationError(_("A citizen ID has exactly 12 digits."), code="citizen_id_format")
        other = services.member_in_other_household(number, self.instance.household if self.instance.pk else None)
        if other is not None and other.pk != self.instance.pk:
            raise ValidationError(
                _("This citizen ID is already registered to a member of household %(code)s."),
                code="member_in_other_household",
                params={"code": other.household.code},
            )
        return number


class BaseMemberFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, queryset=None, **kwargs):
        # The form lists the family as the household page does.
        super().__init__(*args, queryset=Member.objects.head_first() if queryset is None else queryset, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        live = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        heads = [f for f in live if f.cleaned_data.get("relation") == "head"]
        if not live:
            raise ValidationError(_("A household needs at least one member."), code="no_members")
        if len(heads) != 1:
            raise ValidationError(_("Exactly one member must be the head of household."), code="one_head")
        numbers = [f.cleaned_data["citizen_id"] for f in live if f.cleaned_data.get("citizen_id")]
        if len(numbers) != len(set(numbers)):
            raise ValidationError(_("Two members have the same citizen ID."), code="citizen_id_twice")


MemberFormSet = forms.inlineformset_factory(
    Household, Member, form=MemberForm, formset=BaseMemberFormSet, extra=0, can_delete=True
)


class AssessmentForm(FormStyleMixin, forms.Form):
    """An assessment as the survey gives it: the income, or the scores, and the indicators."""

    class Method:
        INCOME = "income"
        SCORES = "scores"

    review_kind = forms.ChoiceField(label=_("review"), choices=Review.Kind.choices)
    review_year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    review_month = forms.TypedChoiceField(
        label=_("month (regular review)"),
        choices=[("", "—")] + [(m, f"{m:02d}") for m in range(1, 13)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    assessed_on = DateField(label=_("assessment date"), allow_future=False)
    method = forms.ChoiceField(
        label=_("measured by"),
        choices=[(Method.INCOME, _("Income per person per month")), (Method.SCORES, _("Survey scores A and B"))],
        widget=forms.RadioSelect,
        initial=Method.INCOME,
    )
    income = MoneyField(label=_("income per person per month (VND)"), required=False)
    score_a = forms.IntegerField(label=_("score A"), min_value=0, required=False)
    score_b = forms.IntegerField(label=_("score B"), min_value=0, required=False)
    floor_area_m2 = forms.DecimalField(
        label=_("floor area of the dwelling (m²)"), min_value=0, max_digits=7, decimal_places=1, required=False
    )
    deprived = forms.MultipleChoiceField(
        label=_("deprived indicators"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, household: Household, **kwargs):
        self.household = household
        super().__init__(*args, **kwargs)
        self.review = self._review()
        self.standard = standard = self.review.standard if self.review and self.review.standard_id else None
        # The indicators of the review's standard, each as that standard words its threshold.
        self.indicator_terms = (
            {t.indicator.code: t for t in standard.indicator_terms.select_related("indicator")} if standard else {}
        )
        indicators = [t.indicator for t in self.indicator_terms.values()] or DeprivationIndicator.objects.all()
        self.fields["deprived"].choices = [(i.code, i.name) for i in indicators]

    def _review(self) -> Review | None:
        """The review typed (the initial one before), stored or by rule; None while it is not valid."""
        values = {name: self.initial.get(name) for name in ("review_kind", "review_year", "review_month")}
        if self.is_bound:
            for name in values:
                with contextlib.suppress(ValidationError):
                    values[name] = self.fields[name].clean(self.data.get(name))
        kind, year, month = values["review_kind"], values["review_year"], values["review_month"]
        if not kind or not year or (kind == Review.Kind.REGULAR and not month):
            return None
        try:
            return services.find_review(kind, year, month)
        except ValidationError:
            return None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["review_kind"] == Review.Kind.REGULAR and not data.get("review_month"):
            self.add_error(
                "review_month", ValidationError(_("A regular review needs its month."), code="month_missing")
            )
            return data
        if data["method"] == self.Method.INCOME:
            if data.get("income") is None:
                self.add_error("income", ValidationError(_("Enter the income."), code="income_missing"))
            data["score_a"] = data["score_b"] = None
        else:
            for field in ("score_a", "score_b"):
                if data.get(field) is None:
                    self.add_error(field, ValidationError(_("Enter both scores."), code="score_missing"))
            data["income"] = None
        try:
            self.review = review = services.find_review(
                data["review_kind"], data["review_year"], data.get("review_month")
            )
            services.check_review_date(review.starts_on, review.ends_on, data["assessed_on"])
        except ValidationError as error:
            add_service_error(self, error)
            return data
        try:
            review.standard_or_error()
        except ValidationError as error:
            self.add_error("review_year", error)
        return data

    def preview(self):
        """The classification the standard gives, without saving anything."""
        data = self.cleaned_data
        try:
            _standard, result = services.classify_household(
                household=self.household,
                review=self.review,
                deprived=data["deprived"],
                income=data.get("income"),
                score_a=data.get("score_a"),
                score_b=data.get("score_b"),
            )
        except ValidationError as error:
            add_service_error(self, error)
            return None
        return result


class StatusDecisionForm(FormStyleMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=Status.choices)
    number = NormalizedCharField(label=_("decision number"), max_length=50, help_text=_("e.g. 123/QĐ-UBND"))
    signed_on = DateField(label=_("decision date"), allow_future=False)
    effective_on = DateField(label=_("effective from"))
    signer = NormalizedCharField(label=_("signed by"), max_length=150)
    assessment = forms.ModelChoiceField(label=_("assessment"), queryset=Assessment.objects.none(), required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = household.assessments.select_related("review")

    def clean(self):
        data = super().clean()
        if data.get("signed_on") and data.get("effective_on") and data["effective_on"] < data["signed_on"]:
            self.add_error(
                "effective_on",
                ValidationError(
                    _("A decision takes effect on or after the day it is signed."), code="effective_before_signed"
                ),
            )
        return data
