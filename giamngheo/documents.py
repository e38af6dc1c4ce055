"""Who issues a document: one rule for every report and export.

A document is issued by the commune's unit served on the document's date and signed by that
unit's signatory on that date. When the period it is about was the territory of
another unit (before a merger), the document names that territory.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from giamngheo.models import AdministrativeUnit, Signatory


@dataclass(frozen=True)
class Issuer:
    day: date
    unit: AdministrativeUnit | None
    signatory: Signatory | None
    territory: str  # "" when the period's unit is the issuing unit

    @property
    def heading(self) -> str:
        """The issuing unit as the top-left heading prints it."""
        return self.unit.title().upper() if self.unit else ""

    @property
    def place(self) -> str:
        return self.unit.name if self.unit else ""

    @property
    def signer_title(self) -> list[str]:
        """The signing capacity and position, one line each, in capitals."""
        return self.signatory.title_lines() if self.signatory else []

    @property
    def signer_name(self) -> str:
        return self.signatory.full_name if self.signatory else ""

    def dated(self) -> str:
        return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
            "place": self.place,
            "day": f"{self.day:%d}",
            "month": f"{self.day:%m}",
            "year": self.day.year,
        }


def unit_on(commune: AdministrativeUnit | None, day: date) -> AdministrativeUnit | None:
    """The unit of a commune's lineage on a day. Without a commune: the installation's, when it
    serves one; else its province, which issues what lists every commune (a province reader's
    export) where any one commune's heading would be wrong."""
    if commune is None:
        commune = AdministrativeUnit.objects.sole_commune()
        if commune is None:
            return AdministrativeUnit.objects.province()
    return commune.unit_on(day)


def issuer(day: date, *, commune: AdministrativeUnit | None = None, period_end: date | None = None) -> Issuer:
    """The issuer, in a commune, of a document dated `day` about a period ending on `period_end`."""
    unit = unit_on(commune, day)
    territory = ""
    if period_end is not None:
        then = unit_on(commune, period_end)
        if then is not None and unit is not None and then.pk != unit.pk:
            territory = _("On the territory of the former %(name)s") % {"name": then.name}
    return Issuer(day=day, unit=unit, signatory=unit.signatory_on(day) if unit else None, territory=territory)
