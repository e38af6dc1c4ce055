"""The report as one document: the page, the Excel workbook and the PDF all render this structure.

`build` turns a report and its figures into sections of tables and text; the renderings
only lay it out, so they cannot disagree on a section, a row, a total or a word.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from giamngheo import documents, money
from monitoring import narrative

# The kinds of cell: how each rendering writes the value.
TEXT, COUNT, MONEY, RATE = "text", "count", "money", "rate"


@dataclass
class Cell:
    value: object
    kind: str = TEXT
    link: str = ""
    key: str = ""  # the figure's key, for the page's data-key

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


@dataclass
class Table:
    id: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    widths: list[int]  # relative: characters in Excel, shares of the line in the PDF
    total: list[Cell] | None = None
    note: str = ""

    @property
    def shares(self) -> list[str]:
        """Each column's share of the line, in %, for the page and the PDF."""
        whole = sum(self.widths)
        return [f"{100 * width / whole:.1f}" for width in self.widths]


@dataclass
class Section:
    title: str
    tables: list[Table] = field(default_factory=list)
    text_id: str = ""
    text_title: str = ""
    text: str = ""


@dataclass
class Document:
    issuer: documents.Issuer
    number: str
    day: date
    title: str
    subtitle: str
    sections: list[Section]
    recipients: list[str]

    def tables(self):
        for section in self.sections:
            yield from section.tables


def figure_value(doc: Document, key: str) -> object:
    """The value of the cell that carries a figure's key."""
    return next(cell.value for table in doc.tables() for row in table.rows for cell in row if cell.key == key)


def _count(value, link="", key="") -> Cell:
    return Cell(value, COUNT, link, key)


def _rate(value: str | Decimal | None) -> Cell:
    return Cell(Decimal(value) if value not in (None, "") else None, RATE)


def _money(value: int, link="") -> Cell:
    return Cell(value, MONEY, link)


def _text(value) -> Cell:
    return Cell("" if value is None else str(value))


def poverty_rows(data: dict) -> list[tuple[str, str, int]]:
    """(label, key, value) of the poverty table, in the report's order."""
    p = data["poverty"]
    return [
        (_("Poor households at the start of the period"), "poor_start", p["poor_start"]),
        (_("Poor households at the end of the period"), "poor_end", p["poor_end"]),
        (_("Near-poor households at the start of the period"), "near_poor_start", p["near_poor_start"]),
        (_("Near-poor households at the end of the period"), "near_poor_end", p["near_poor_end"]),
        (_("Households that escaped poverty"), "escaped_poverty", p["escaped_poverty"]),
        (_("Households that escaped near-poverty"), "escaped_near_poverty", p["escaped_near_poverty"]),
        (_("Newly poor households"), "newly_poor", p["newly_poor"]),
        (_("Households that fell back into poverty"), "relapsed", p["relapsed"]),
        (_("Newly near-poor households"), "newly_near_poor", p["newly_near_poor"]),
        (
            _("Recently escaped households (within %(months)d months) at the end")
            % {"months": settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS},
            "recently_escaped_end",
            p["recently_escaped_end"],
        ),
    ]


def priority_label(key: str) -> str:
    return {
        "merit": _("Poor households with a person of revolutionary merit"),
        "ethnic_minority": _("Poor households with an ethnic-minority member"),
        "woman_headed": _("Poor households headed by a woman"),
        "disability": _("Poor households with a member with a disability"),
    }.get(key, key)


def label_for(key: str, data: dict) -> str:
    """What the figure behind `key` is called, for the title of its list of households."""
    for label, row_key, _value in poverty_rows(data):
        if row_key == key:
            return label
    name, _sep, arg = key.partition(":")
    if name in ("group_poor", "group_near_poor"):
        group = next((g["name"] for g in data["groups"] if str(g["id"]) == arg), arg)
        return (
            _("Poor households of %(group)s") if name == "group_poor" else _("Near-poor households of %(group)s")
        ) % {"group": group}
    if name == "priority_poor":
        return priority_label(arg)
    if name == "deprived":
        indicator = next((d["name"] for d in data["deprivations"] if d["code"] == arg), arg)
        return _("Poor and near-poor households deprived in: %(indicator)s") % {"indicator": indicator}
    return key


def _target_actual(target: dict) -> Cell:
    """A drop in the rate is a rate; a drop in households a count."""
    actual = Decimal(target["actual"])
    if target["unit"] == "%":
        return Cell(actual, RATE)
    return _count(int(actual))


def _total_note(basis: dict) -> str:
    day = date.fromisoformat(basis["as_of"]).strftime("%d/%m/%Y")
    if basis["source"] == "official":
        return _("official figure as of %(day)s (%(source)s)") % {"day": day, "source": basis["basis"]}
    return _("households on the register on %(day)s") % {"day": day}


def build(report, data: dict, *, links: bool = False) -> Document:
    """The report's document; `links` makes every household count open the households it counts."""

    def households_link(key: str) -> str:
        return reverse("monitoring:indicator_households", args=[report.pk, key]) if links else ""

    p = data["poverty"]
    rates = {key: p.get(f"{key}_rate") for key in ("poor_start", "poor_end", "near_poor_start", "near_poor_end")}
    poverty = Table(
        id="poverty",
        title=_("Poor and near-poor households"),
        headers=[_("No."), _("Indicator"), _("Households"), _("Rate (%)")],
        widths=[6, 60, 16, 14],
        rows=[
            [_count(index), _text(label), _count(value, households_link(key), key), _rate(rates.get(key))]
            for index, (label, key, value) in enumerate(poverty_rows(data), start=1)
        ],
    )
    population = data.get("population")
    if population:
        poverty.rows += [
            [
                _text(""),
                _text(
                    _("All households of the ward at the start (%(basis)s)")
                    % {"basis": _total_note(population["start"])}
                ),
                _count(p["total_start"], key="total_start"),
                _text(""),
            ],
            [
                _text(""),
                _text(
                    _("All households of the ward at the end (%(basis)s)") % {"basis": _total_note(population["end"])}
                ),
                _count(p["total"], key="total"),
                _text(""),
            ],
        ]
    else:  # a report submitted before the register had dates
        poverty.rows.append(
            [_text(""), _text(_("All households of the ward")), _count(p["total"], key="total"), _text("")]
        )

    tables = [poverty]
    if data["targets"]:
        tables.append(
            Table(
                id="targets",
                title=_("Targets of the plan"),
                headers=[_("Target"), _("Achieved"), _("Unit"), _("Status")],
                widths=[56, 14, 12, 14],
                rows=[
                    [
                        _text(t["text"]),
                        _target_actual(t),
                        _text(t["unit"]),
                        _text(_("met") if t["met"] else _("not met")),
                    ]
                    for t in data["targets"]
                ],
            )
        )
    groups = data["groups"]
    tables.append(
        Table(
            id="groups",
            title=_("By residential group (end of the period)"),
            headers=[_("No."), _("Residential group"), _("Households"), _("Poor"), _("Near-poor")],
            widths=[6, 46, 16, 14, 14],
            rows=[
                [
                    _count(i),
                    _text(g["name"]),
                    _count(g["households"]),
                    _count(g["poor"], households_link(f"group_poor:{g['id']}")),
                    _count(g["near_poor"], households_link(f"group_near_poor:{g['id']}")),
                ]
                for i, g in enumerate(groups, start=1)
            ],
            total=[
                _text(""),
                _text(_("Total")),
                _count(sum(g["households"] for g in groups)),
                _count(sum(g["poor"] for g in groups)),
                _count(sum(g["near_poor"] for g in groups)),
            ],
        )
    )
    tables.append(
        Table(
            id="priorities",
            title=_("Priority groups among poor households (end of the period)"),
            headers=[_("No."), _("Group"), _("Households")],
            widths=[6, 74, 16],
            rows=[
                [_count(i), _text(priority_label(key)), _count(value, households_link(f"priority_poor:{key}"))]
                for i, (key, value) in enumerate(data["priorities"].items(), start=1)
            ],
        )
    )
    tables.append(
        Table(
            id="deprivations",
            title=_("Deprivation of poor and near-poor households (end of the period)"),
            headers=[_("No."), _("Indicator"), _("Households deprived")],
            widths=[6, 74, 16],
            rows=[
                [_count(i), _text(d["name"]), _count(d["households"], households_link(f"deprived:{d['code']}"))]
                for i, d in enumerate(data["deprivations"], start=1)
            ],
        )
    )
    texts = narrative.rendered(report, data)
    sections = [
        Section(
            _("I. Poverty and near-poverty in the ward"),
            tables,
            "situation",
            _("General situation"),
            texts["situation"],
        ),
    ]

    subprojects = data["subprojects"]
    sections.append(
        Section(
            _("II. Results of the sub-projects"),
            [
                Table(
                    id="subprojects",
                    title=_("Results of the sub-projects in the period"),
                    headers=[
                        _("Code"),
                        _("Sub-project"),
                        _("Activities"),
                        _("Households"),
                        _("People"),
                        _("of whom women"),
                        _("Merit households"),
                        _("Ethnic-minority households"),
                        _("Value (đồng)"),
                    ],
                    widths=[7, 33, 9, 9, 8, 8, 9, 9, 14],
                    rows=[
                        [
                            _text(s["code"]),
                            Cell(
                                s["name"], TEXT, reverse("projects:subproject_detail", args=[s["id"]]) if links else ""
                            ),
                            _count(s["activities"]),
                            _count(s["households"]),
                            _count(s["people"]),
                            _count(s["women"]),
                            _count(s.get("merit", 0)),
                            _count(s.get("minority", 0)),
                            _money(s["value"]),
                        ]
                        for s in subprojects
                    ],
                    total=[
                        _text(""),
                        _text(_("Total")),
                        *[
                            _count(sum(s.get(key, 0) for s in subprojects))
                            for key in ("activities", "households", "people", "women", "merit", "minority")
                        ],
                        _money(sum(s["value"] for s in subprojects)),
                    ],
                    note=_("Households and people are counted once per sub-project; the total adds the sub-projects."),
                )
            ],
            "results",
            _("Results of the sub-projects"),
            texts["results"],
        )
    )

    budget = data["budget"]
    available = sum(b["available"] for b in budget)
    disbursed = sum(b["disbursed"] for b in budget)

    def ledger_link(b) -> str:
        if not links:
            return ""
        return f"{reverse('budget:ledger')}?year={report.year}&subproject={b['subproject_id']}&source={b['source']}"

    sections.append(
        Section(
            _("III. Budget and disbursement"),
            [
                Table(
                    id="budget",
                    title=_("Budget and disbursement to the end of the period"),
                    headers=[
                        _("No."),
                        _("Sub-project"),
                        _("Funding source"),
                        _("Available (đồng)"),
                        _("Disbursed (đồng)"),
                        _("Rate (%)"),
                    ],
                    widths=[6, 36, 20, 16, 16, 10],
                    rows=[
                        [
                            _count(i),
                            _text(b["subproject"]),
                            _text(b["source_name"]),
                            _money(b["available"]),
                            _money(b["disbursed"], ledger_link(b)),
                            _rate(b["rate"]),
                        ]
                        for i, b in enumerate(budget, start=1)
                    ],
                    total=[
                        _text(""),
                        _text(_("Total")),
                        _text(""),
                        _money(available),
                        _money(disbursed),
                        _rate(money.rate(disbursed, available) or Decimal("0.00")),
                    ],
                )
            ],
            "budget",
            _("Budget and disbursement"),
            texts["budget"],
        )
    )
    sections.append(Section(_("IV. Difficulties and shortcomings"), [], "difficulties", "", texts["difficulties"]))
    sections.append(Section(_("V. Proposals"), [], "proposals", "", texts["proposals"]))

    day = report.report_date or timezone.localdate()
    period = _("%(period)s %(year)s, from %(start)s to %(end)s") % {
        "period": report.get_period_display(),
        "year": report.year,
        "start": f"{report.starts_on:%d/%m/%Y}",
        "end": f"{report.ends_on:%d/%m/%Y}",
    }
    return Document(
        issuer=documents.issuer(day, commune=report.commune, period_end=report.ends_on),
        number=report.number,
        day=day,
        title=_("Report on the supervision of the sustainable poverty reduction programme"),
        subtitle=period,
        sections=sections,
        recipients=report.recipient_lines(),
    )
