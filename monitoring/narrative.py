"""The report's narrative: text with named figures, rendered from the same numbers as the tables.

The officer writes "{ho_ngheo_cuoi_ky} hộ nghèo"; every rendering (page, Excel, PDF) puts
the figure in from the report's figures, so the text cannot say one number and the table
another. A name the app does not know is refused when the text is saved.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from giamngheo import money
from giamngheo.money import format_money, format_number

PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")
SECTIONS = ("situation", "results", "budget", "difficulties", "proposals")


def _count(key):
    return lambda data: format_number(data["poverty"][key])


def _rate(key):
    return lambda data: format_number(Decimal(data["poverty"][key]))


def _available(data) -> int:
    return sum(row["available"] for row in data["budget"])


def _disbursed(data) -> int:
    return sum(row["disbursed"] for row in data["budget"])


def _disbursed_rate(data) -> str:
    return format_number(money.rate(_disbursed(data), _available(data)) or Decimal("0.00"))


def _results(data) -> str:
    line = _(
        "- %(code)s. %(name)s: %(activities)s activities; %(households)s households, %(people)s people, %(value)s."
    )
    return "\n".join(
        line
        % {
            "code": row["code"],
            "name": row["name"],
            "activities": format_number(row["activities"]),
            "households": format_number(row["households"]),
            "people": format_number(row["people"]),
            "value": format_money(row["value"], "đồng"),
        }
        for row in data["subprojects"]
    )


@dataclass(frozen=True)
class Figure:
    label: object
    value: Callable[[dict], str]


FIGURES = {
    "tong_so_ho_dau_ky": Figure(gettext_lazy("Households of the ward at the start"), _count("total_start")),
    "tong_so_ho": Figure(gettext_lazy("Households of the ward at the end"), _count("total")),
    "ho_ngheo_dau_ky": Figure(gettext_lazy("Poor households at the start"), _count("poor_start")),
    "ty_le_ngheo_dau_ky": Figure(gettext_lazy("Poverty rate at the start (%)"), _rate("poor_start_rate")),
    "ho_can_ngheo_dau_ky": Figure(gettext_lazy("Near-poor households at the start"), _count("near_poor_start")),
    "ty_le_can_ngheo_dau_ky": Figure(gettext_lazy("Near-poverty rate at the start (%)"), _rate("near_poor_start_rate")),
    "ho_ngheo_cuoi_ky": Figure(gettext_lazy("Poor households at the end"), _count("poor_end")),
    "ty_le_ngheo_cuoi_ky": Figure(gettext_lazy("Poverty rate at the end (%)"), _rate("poor_end_rate")),
    "ho_can_ngheo_cuoi_ky": Figure(gettext_lazy("Near-poor households at the end"), _count("near_poor_end")),
    "ty_le_can_ngheo_cuoi_ky": Figure(gettext_lazy("Near-poverty rate at the end (%)"), _rate("near_poor_end_rate")),
    "thoat_ngheo": Figure(gettext_lazy("Households that escaped poverty"), _count("escaped_poverty")),
    "thoat_can_ngheo": Figure(gettext_lazy("Households that escaped near-poverty"), _count("escaped_near_poverty")),
    "ngheo_moi": Figure(gettext_lazy("Newly poor households"), _count("newly_poor")),
    "tai_ngheo": Figure(gettext_lazy("Households that fell back into poverty"), _count("relapsed")),
    "can_ngheo_moi": Figure(gettext_lazy("Newly near-poor households"), _count("newly_near_poor")),
    "moi_thoat_ngheo": Figure(gettext_lazy("Recently escaped households at the end"), _count("recently_escaped_end")),
    "kinh_phi": Figure(gettext_lazy("Budget available"), lambda data: format_money(_available(data), "đồng")),
    "da_giai_ngan": Figure(gettext_lazy("Disbursed"), lambda data: format_money(_disbursed(data), "đồng")),
    "ty_le_giai_ngan": Figure(gettext_lazy("Disbursement rate (%)"), _disbursed_rate),
    "ket_qua_du_an": Figure(gettext_lazy("One line per sub-project with its results"), _results),
}


def unknown_names(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text or "") if name not in FIGURES})


def check(text: str) -> None:
    names = unknown_names(text)
    if names:
        raise ValidationError(
            _("The text names figures the report does not have: %(names)s. Use the names listed under the form."),
            code="unknown_figure",
            params={"names": ", ".join(f"{{{name}}}" for name in names)},
        )


def render(text: str, data: dict) -> str:
    """The text with every named figure put in from `data` (the report's figures)."""
    values: dict[str, str] = {}

    def figure(match):
        name = match.group(1)
        if name not in FIGURES:
            return match.group(0)
        if name not in values:
            values[name] = FIGURES[name].value(data)
        return values[name]

    return PLACEHOLDER.sub(figure, text or "")


def legend(data: dict) -> list[tuple[str, str, str]]:
    """(placeholder, label, value now) for the form's list of the figures a text may name."""
    return [(f"{{{name}}}", str(figure.label), figure.value(data)) for name, figure in FIGURES.items()]


def prefilled() -> dict[str, str]:
    """The pre-filled sections: the officer edits the words, the figures stay named."""
    return {
        "situation": _(
            "At the start of the period the ward had {ho_ngheo_dau_ky} poor households ({ty_le_ngheo_dau_ky}%) "
            "and {ho_can_ngheo_dau_ky} near-poor households ({ty_le_can_ngheo_dau_ky}%) out of "
            "{tong_so_ho_dau_ky}. At the end it had {ho_ngheo_cuoi_ky} poor households ({ty_le_ngheo_cuoi_ky}%) "
            "and {ho_can_ngheo_cuoi_ky} near-poor households ({ty_le_can_ngheo_cuoi_ky}%) out of {tong_so_ho}. "
            "During the period {thoat_ngheo} households escaped poverty and {thoat_can_ngheo} escaped "
            "near-poverty; {ngheo_moi} became poor for the first time and {tai_ngheo} fell back into poverty."
        ),
        "results": "{ket_qua_du_an}",
        "budget": _("Budget available {kinh_phi}; disbursed {da_giai_ngan} ({ty_le_giai_ngan}%)."),
    }


def rendered(report, data: dict) -> dict[str, str]:
    """Every section as the reader sees it: frozen at submission, rendered from the figures before."""
    if report.snapshot is not None and "narrative" in report.snapshot:
        return report.snapshot["narrative"]
    return {section: render(getattr(report, section), data) for section in SECTIONS}
