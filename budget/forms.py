from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from budget.models import Adjustment, Disbursement, FundingSource
from giamngheo.forms import DateField, FormStyleMixin, LookupInput, MoneyField, NormalizedCharField
from giamngheo.money import format_money
from households.models import Household
from projects.models import Activity, Support


class AllocationForm(FormStyleMixin, forms.Form):
    subproject = forms.ModelChoiceField(label=_("sub-project"), queryset=None)
    budget_year = forms.IntegerField(label=_("budget year"), min_value=2021, max_value=2100)
    source = forms.ChoiceField(label=_("funding source"), choices=FundingSource.choices)
    amount = MoneyField(label=_("amount (VND)"), min_value=1)
    decision_number = NormalizedCharField(label=_("decision number"), max_length=50)
    decision_date = DateField(label=_("decision date"), allow_future=False)
    issuing_body = NormalizedCharField(label=_("issued by"), max_length=200)

    def __init__(self, *args, subprojects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subproject"].queryset = subprojects


class AdjustmentForm(FormStyleMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"), choices=[(Adjustment.Kind.INCREASE, _("Increase")), (Adjustment.Kind.DECREASE, _("Decrease"))]
    )
    amount = MoneyField(label=_("by (VND)"), min_value=1)
    decision_number = NormalizedCharField(label=_("decision number"), max_length=50)
    decision_date = DateField(label=_("decision date"), allow_future=False)
    issuing_body = NormalizedCharField(label=_("issued by"), max_length=200)
    reason = forms.CharField(label=_("reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CarryOverForm(FormStyleMixin, forms.Form):
    amount = MoneyField(label=_("amount carried over (VND)"), min_value=1)
    disburse_until = DateField(label=_("extended deadline"))
    decision_number = NormalizedCharField(label=_("decision number"), max_length=50)
    decision_date = DateField(label=_("decision date"), allow_future=False)
    issuing_body = NormalizedCharField(label=_("issued by"), max_length=200)


class SupportChoiceField(forms.ModelChoiceField):
    """Supports told apart as the officer knows them: household, person, date, items and value."""

    def label_from_instance(self, support):
        person = support.member.full_name if support.member else support.household.head_name
        return (
            f"{support.household.code} – {person} – {support.supported_on:%d/%m/%Y} – "
            f"{support.items} – {format_money(support.value)}"
        )


class DisbursementForm(FormStyleMixin, forms.Form):
    """A payment as the voucher gives it; the payee is a household (and person) or an organisation."""

    request_key = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(Disbursement.Kind.PAYMENT, _("Payment")), (Disbursement.Kind.ADVANCE, _("Advance"))],
    )
    paid_on = DateField(label=_("date"), allow_future=False)
    amount = MoneyField(label=_("amount (VND)"), min_value=1)
    voucher_number = NormalizedCharField(label=_("voucher number"), max_length=50)
    support = SupportChoiceField(label=_("support paid for"), queryset=Support.objects.none(), required=False)
    activity = forms.ModelChoiceField(label=_("activity paid for"), queryset=Activity.objects.none(), required=False)
    payee_household = forms.CharField(
        label=_("paid to household (code)"),
        max_length=30,
        required=False,
        widget=LookupInput(reverse_lazy("households:lookup")),
    )
    payee_name = NormalizedCharField(
        label=_("payee"), max_length=255, required=False, help_text=_("Left empty for a household: its head's name.")
    )
    purpose = NormalizedCharField(label=_("purpose"), max_length=255)

    def __init__(self, *args, allocation, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        subproject = allocation.subproject
        self.fields["support"].queryset = subproject.supports.select_related("household", "member")
        self.fields["activity"].queryset = subproject.activities.all()

    def clean_payee_household(self):
        code = self.cleaned_data["payee_household"].strip()
        if not code:
            return None
        household = Household.objects.for_user(self.user).filter(code=code).first()
        if household is None:
            raise ValidationError(
                _("No household has the code %(code)s."), code="household_unknown", params={"code": code}
            )
        return household

    def clean(self):
        data = super().clean()
        support, household = data.get("support"), data.get("payee_household")
        if support is not None and household is None:
            data["payee_household"] = household = support.household
        if support is not None and household is not None and support.household_id != household.pk:
            self.add_error(
                "payee_household",
                ValidationError(_("The support was given to household %(code)s."), code="support_other_household",
                                params={"code": support.household.code}),
            )  # fmt: skip
        data["payee_member"] = support.member if support is not None else None
        if not data.get("payee_name"):
            if household is not None:
                data["payee_name"] = support.member.full_name if support and support.member else household.head_name
            elif "payee_name" not in self.errors:
                self.add_error("payee_name", ValidationError(_("Name who is paid."), code="payee_missing"))
        return data


class ReversalForm(FormStyleMixin, forms.Form):
    request_key = forms.UUIDField(widget=forms.HiddenInput)
    paid_on = DateField(label=_("date"), allow_future=False)
    voucher_number = NormalizedCharField(label=_("voucher number of the reversal"), max_length=50)
    reason = forms.CharField(label=_("reason for the reversal"), widget=forms.Textarea(attrs={"rows": 2}))


class SettlementForm(FormStyleMixin, forms.Form):
    approved_amount = MoneyField(label=_("approved expenditure (VND)"))
    returned_amount = MoneyField(label=_("returned to the budget (VND)"))
    decision_number = NormalizedCharField(label=_("decision number"), max_length=50)
    decision_date = DateField(label=_("decision date"), allow_future=False)


class ReopeningForm(FormStyleMixin, forms.Form):
    decision_number = NormalizedCharField(label=_("decision number"), max_length=50)
    decision_date = DateField(label=_("decision date"), allow_future=False)
    reason = forms.CharField(label=_("reason for reopening"), widget=forms.Textarea(attrs={"rows": 2}))
