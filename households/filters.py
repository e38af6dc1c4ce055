from datetime import date

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from giamngheo import access
from giamngheo.forms import DateField, QuickSelect
from giamngheo.models import AdministrativeUnit, ResidentialGroup
from households.models import Household, Status
from households.priority import PRIORITY_CHOICES, PRIORITY_GROUPS

LIST_TITLES = {
    Status.POOR: _("List of poor households"),
    Status.NEAR_POOR: _("List of near-poor households"),
    "recently_escaped": _("List of recently escaped households"),
    Status.NONE: _("List of households not poor or near-poor"),
    "": _("List of households"),
}

STATUS_CHOICES = [
    (Status.POOR, _("Poor")),
    (Status.NEAR_POOR, _("Near-poor")),
    ("recently_escaped", _("Recently escaped poverty")),
    (Status.NONE, _("Not poor or near-poor")),
]


# Each order ends with the household code, which is unique: a keyset page
# (giamngheo.keyset) needs a total order, and every key runs in one direction so that
# an index on the same columns, read forwards or backwards, answers it.
SORT_ORDERS = {
    "name": ("head_sort_key", "code"),
    "-name": ("-head_sort_key", "-code"),
    "code": ("code",),
    "-code": ("-code",),
    "group": ("residential_group__code", "head_sort_key", "code"),
    "-group": ("-residential_group__code", "-head_sort_key", "-code"),
}
# The filters that narrow the register; without them a list is the whole register on its day.
NARROWING = ("q", "status", "commune", "residential_group", "register", "priority")


class DayFilter(django_filters.DateFilter):
    field_class = DateField


class SortFilter(django_filters.OrderingFilter):
    """The sort choices of the form; HouseholdFilter.qs applies the chosen SORT_ORDERS entry."""

    def filter(self, qs, value):
        return qs


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    on = DayFilter(label=_("Status on"), method="filter_nothing")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES, method="filter_status")
    # Offered only to a reader of the whole province (the province without a chosen commune):
    # it narrows the list to one commune, and the groups to that commune's.
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=AdministrativeUnit.objects.communes(),
        method="filter_commune",
        widget=QuickSelect(label_field="name"),
    )
    residential_group = django_filters.ModelChoiceFilter(
        label=_("Residential group"), queryset=ResidentialGroup.objects.all(), widget=QuickSelect(label_field="name")
    )
    register = django_filters.ChoiceFilter(
        label=_("On the register"),
        choices=[("left", _("Left the register by that day")), ("all", _("All, with those who left"))],
        empty_label=_("On the register that day"),
        method="filter_nothing",
    )
    priority = django_filters.MultipleChoiceFilter(
        label=_("Priority groups"),
        choices=PRIORITY_CHOICES,
        method="filter_priority",
        widget=forms.CheckboxSelectMultiple,
    )
    sort = SortFilter(
        label=_("Sort by"),
        fields=[("head_sort_key", "name"), ("code", "code"), ("residential_group__code", "group")],
        # Both directions labelled here: django-filter's own "%s (descending)" has no Vietnamese catalogue.
        field_labels={
            "head_sort_key": _("Head's name, A to Z"),
            "-name": _("Head's name, Z to A"),
            "code": _("Household code, ascending"),
            "-code": _("Household code, descending"),
            "residential_group__code": _("Residential group, ascending"),
            "-group": _("Residential group, descending"),
        },
        empty_label=None,
        null_label=None,
    )

    class Meta:
        model = Household
        fields = ["q", "on", "status", "commune", "residential_group", "register", "priority"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        groups = ResidentialGroup.objects.valid_on(timezone.localdate())
        if self.request is not None:
            groups = groups.for_user(self.request.user)
        if self.request is not None and access.unit_ids(self.request.user) is None:
            # A province's groups run to thousands (3,338 in Khánh Hòa's 65 communes): a select
            # no one can use, 200 KB on every page. The chosen commune's groups only.
            commune = self._chosen_commune()
            groups = groups.in_commune(commune) if commune else groups.none()
            if commune is None:
                self.filters["residential_group"].extra["help_text"] = _("Choose a commune to list its groups.")
                # Group codes repeat from commune to commune, and no index orders a million
                # households by a column of another table (the province's group order took 400 ms).
                sort = self.filters["sort"]
                sort.extra["choices"] = [
                    (key, label) for key, label in sort.extra["choices"] if key.lstrip("-") != "group"
                ]
        else:
            del self.filters["commune"]
        self.filters["residential_group"].queryset = groups

    def _chosen_commune(self) -> AdministrativeUnit | None:
        chosen = (self.data or {}).get("commune", "")
        if not str(chosen).isdigit():
            return None
        return self.filters["commune"].queryset.filter(pk=chosen).first()

    @property
    def day(self) -> date:
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("on"):
            return self.form.cleaned_data["on"]
        return timezone.localdate()

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            register = self.form.cleaned_data.get("register") if self.is_bound and self.form.is_valid() else ""
            if register == "left":
                self.queryset = self.queryset.filter(left_on__lte=self.day)
            elif register != "all":
                self.queryset = self.queryset.in_ward_on(self.day)
            self.queryset = self.queryset.with_status_on(self.day)
            queryset = super().qs  # validates a bound form first
            sort = self.form.cleaned_data.get("sort") if self.is_bound else None
            self._qs = queryset.order_by(*SORT_ORDERS[sort[0] if sort else "name"])
        return self._qs

    @property
    def is_narrowed(self) -> bool:
        """Whether a filter keeps only part of the register (a day or a sort alone does not)."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return any(data.get(name) for name in NARROWING)

    @property
    def is_searched(self) -> bool:
        """Whether the list is a text search (its total is capped sooner: keyset.listing)."""
        return bool(self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("q"))

    def title(self) -> str:
        """What a printed list is, from the filters: "List of poor households of Tổ 7 on 02/12/2026"."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        values = {"list": LIST_TITLES[data.get("status") or ""], "day": f"{self.day:%d/%m/%Y}"}
        places = [data[name].name for name in ("residential_group", "commune") if data.get(name)]
        if places:
            return _("%(list)s of %(group)s on %(day)s") % {**values, "group": ", ".join(places)}
        return _("%(list)s on %(day)s") % values

    def details(self) -> list[str]:
        """The other filters a printed list was made with, one line each."""
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        lines = []
        if data.get("priority"):
            names = [str(label) for value, label in PRIORITY_CHOICES if value in data["priority"]]
            lines.append(_("Priority groups: %(groups)s") % {"groups": ", ".join(names)})
        if data.get("q"):
            lines.append(_("Search: “%(text)s”") % {"text": data["q"]})
        return lines

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_commune(self, queryset, name, value):
        return queryset.in_commune(value)

    def filter_status(self, queryset, name, value):
        return queryset.in_status(value, self.day)

    def filter_priority(self, queryset, name, values):
        for value in values:
            queryset = queryset.with_member(PRIORITY_GROUPS[value].member_q(self.day), day=self.day)
        return queryset
