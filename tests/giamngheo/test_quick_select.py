"""QuickSelect writes the markup Django's Select writes, option for option, escaped the same."""

from django import forms
from django.test.html import parse_html

from giamngheo.forms import QuickSelect

CHOICES = [("", "---------"), ("1", "Tổ dân phố 1"), ("2", 'Tổ "Hải" <2> & 3'), ("3", "Khu 3")]


def test_quick_select_renders_what_djangos_select_renders():
    for value in (None, "", "2", "9"):
        attrs = {"class": "form-select", "id": "id_group", "required": True}
        django_html = forms.Select(choices=CHOICES).render("group", value, attrs=attrs)
        quick_html = QuickSelect(choices=CHOICES).render("group", value, attrs=attrs)
        assert parse_html(quick_html) == parse_html(django_html)
        assert "<2>" not in quick_html  # labels escaped


def test_quick_select_marks_the_chosen_option_only():
    html = QuickSelect(choices=CHOICES).render("group", "3", attrs={})
    assert html.count(" selected") == 1 and '<option value="3" selected>Khu 3</option>' in html


def test_quick_select_reads_a_model_fields_options_as_rows(db):
    from giamngheo.models import ResidentialGroup
    from tests.factories import make_group

    groups = [make_group(name=name) for name in ("Tổ 1", 'Tổ "Hải" <2>', "Khu 3")]
    field = forms.ModelChoiceField(ResidentialGroup.objects.order_by("pk"), widget=QuickSelect(label_field="name"))
    plain = forms.ModelChoiceField(ResidentialGroup.objects.order_by("pk"))
    for value in (None, groups[1].pk):
        assert parse_html(field.widget.render("group", value)) == parse_html(plain.widget.render("group", value))
