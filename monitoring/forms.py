from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from giamngheo.forms import DateField, FormStyleMixin, NormalizedCharField
from monitoring import narrative
from monitoring.models import Report


class NewReportForm(FormStyleMixin, forms.Form):
    period = forms.ChoiceField(label=_("period"), choices=Report.Period.choices)
    year = forms.IntegerField(label=_("year"), min_value=2022, max_value=2100)


class NarrativeForm(FormStyleMixin, forms.ModelForm):
    number = NormalizedCharField(
        label=_("report number"), max_length=50, required=False, help_text=_("e.g. 45/BC-UBND")
    )
    report_date = DateField(label=_("report date"), required=False)

    class Meta:
        model = Report
        fields = ["number", "report_date", "situation", "results", "budget", "difficulties", "proposals", "recipients"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields[2:]}

    def clean(self):
        data = super().clean()
        for section in narrative.SECTIONS:
            try:
                narrative.check(data.get(section, ""))
            except ValidationError as error:
                self.add_error(section, error)
        return data


class ReportNumberForm(FormStyleMixin, forms.ModelForm):
    """The number and date leadership gives the report before submitting it."""

    number = NormalizedCharField(label=_("report number"), max_length=50, help_text=_("e.g. 45/BC-UBND"))
    report_date = DateField(label=_("report date"))

    class Meta:
        model = Report
        fields = ["number", "report_date"]
