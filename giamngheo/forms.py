"""Form fields every app types the same way: dd/mm/yyyy dates and whole-đồng amounts."""

import html

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from giamngheo.dates import DateNotInCalendar, parse_day_first
from giamngheo.money import format_number, parse_money
from giamngheo.text import normalize_text


class DateInput(forms.DateInput):
    """A text box for dd/mm/yyyy: what officers type, whatever the browser's language."""

    def __init__(self, attrs=None):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class LookupInput(forms.TextInput):
    """A code box that offers matches by name as the officer types: a <datalist> that static/js/lookup.js fills.

    The script POSTs the typed text to `lookup_url` (a name must never reach a URL, a proxy's
    log or the browser's history) and lists the codes it answers, each labelled. Without
    JavaScript the box is the plain code box it always was.
    """

    def __init__(self, lookup_url, attrs=None):
        attrs = {"autocomplete": "off", "placeholder": _("Type a name or a code"), **(attrs or {})}
        super().__init__(attrs=attrs)
        self.lookup_url = lookup_url

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}-options"
        attrs = {**(attrs or {}), "list": list_id, "data-lookup-url": str(self.lookup_url)}
        return super().render(name, value, attrs, renderer) + format_html('<datalist id="{}"></datalist>', list_id)


class QuickSelect(forms.Select):
    """A select of many options (a province's residential groups) written in one pass.

    Django renders each option through its own template: 3,338 groups took 0.9 s of a
    list page whose queries took 32 ms. The same markup, escaped the same way, in Python.
    With `label_field`, a model choice field's options are read as (pk, label) rows rather
    than as model instances (another 150 ms for those groups); the label must be that field.
    """

    def __init__(self, attrs=None, choices=(), label_field=None):
        super().__init__(attrs, choices)
        self.label_field = label_field

    def options_of(self, value) -> list[tuple[str, str, bool]]:
        chosen = self.format_value(value)
        if self.label_field and isinstance(self.choices, ModelChoiceIterator):
            field = self.choices.field
            rows = [("", field.empty_label)] if field.empty_label is not None else []
            rows += field.queryset.values_list("pk", self.label_field)
        else:
            rows = [
                (option["value"], option["label"])
                for _group, options, _index in self.optgroups("", chosen)
                for option in options
            ]
        return [(str(key), label, str(key) in chosen) for key, label in rows]

    def render(self, name, value, attrs=None, renderer=None):
        # Not get_context: a choice widget's context builds every option (the slow part) again.
        final_attrs = self.build_attrs(self.attrs, attrs)
        # The standard library's escape, which Django's wraps: the wrapper's lazy-string check,
        # run twice per option, was most of the select's time.
        options = "".join(
            f'<option value="{html.escape(key)}"{" selected" if selected else ""}>{html.escape(str(label))}</option>'
            for key, label, selected in self.options_of(value)
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe(options))


class DateField(forms.DateField):
    widget = DateInput
    default_error_messages = {
        "invalid": _("Enter a date as dd/mm/yyyy, e.g. 20/04/2023."),
        "date_not_in_calendar": _("“%(value)s” does not exist in the calendar: check the day and the month."),
    }

    def __init__(self, *, allow_future=True, **kwargs):
        self.allow_future = allow_future
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid" and isinstance(value, str):
                try:
                    parse_day_first(value)
                except DateNotInCalendar:
                    raise ValidationError(
                        self.error_messages["date_not_in_calendar"],
                        code="date_not_in_calendar",
                        params={"value": value.strip()},
                    ) from None
            raise

    def validate(self, value):
        super().validate(value)
        if value and not self.allow_future and value > timezone.localdate():
            raise ValidationError(_("This date is in the future."), code="date_in_future")


class MoneyField(forms.IntegerField):
    """Whole đồng, typed as giamngheo.money.parse_money reads it: 2000000, 2.000.000 or "2.000.000 đ"."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"min_value": _("Enter an amount of at least %(limit_value)s đồng.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            return parse_money(value)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_number(value)
        return value


class NormalizedCharField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return normalize_text(value) if value else value


class FormStyleMixin:
    """Labels start with a capital, as Django does for model fields, whatever the msgid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)


def add_service_error(form, error: ValidationError) -> None:
    """Put a service's refusal on the fields it names, or on the form as a whole."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
