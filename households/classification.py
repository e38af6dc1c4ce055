"""The national multidimensional poverty standard, applied to one household.

Pure functions over plain data: no database, no clock. The standards themselves
(lines, scores, indicators) are rows of PovertyStandard; `StandardRules` is the
plain copy of one row that the functions read.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from giamngheo.money import format_money

URBAN = "urban"
RURAL = "rural"


class Result:
    POOR = "poor"
    NEAR_POOR = "near_poor"
    AVERAGE = "average"
    NOT_POOR = "not_poor"


class ClassificationError(ValueError):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class StandardRules:
    """One version of the poverty standard (e.g. Nghị định 07/2021/NĐ-CP, Điều 3)."""

    name: str
    income_line: dict  # area -> đồng per person per month, "từ … trở xuống" (≤)
    average_ceiling: dict  # area -> upper bound of the average-living band, or None
    poor_min_deprivations: int = 3  # "từ 03 chỉ số trở lên" (≥)
    score_a_cutoff: dict = field(default_factory=dict)  # area -> points (≤), empty if none
    score_b_per_indicator: int = 10
    indicator_names: dict = field(default_factory=dict)  # code -> Vietnamese name


@dataclass(frozen=True)
class Classification:
    result: str
    explanation: list[str]
    standard: str


def _deprivation_lines(rules: StandardRules, deprived: list[str]) -> list[str]:
    if not deprived:
        return [_("Not deprived in any basic social service indicator.")]
    names = ", ".join(rules.indicator_names.get(code, code) for code in deprived)
    return [
        ngettext(
            "Deprived in %(count)d indicator: %(names)s.",
            "Deprived in %(count)d indicators: %(names)s.",
            len(deprived),
        )
        % {"count": len(deprived), "names": names}
    ]


def classify(
    rules: StandardRules,
    *,
    area: str,
    deprived: list[str],
    income: int | None = None,
    score_a: int | None = None,
    score_b: int | None = None,
) -> Classification:
    """Classify by measured income (Nghị định 07/2021 Art. 3) or by survey scores.

    With an income, the income decides the band and the number of deprived
    indicators splits poor from near-poor. With scores instead (Thông tư 07/2021:
    score A, the income proxy; score B, 10 points per deprived indicator), the
    same split is made on the points.
    """
    if area not in (URBAN, RURAL):
        raise ClassificationError(_("The area must be urban or rural."), "area_unknown")
    area_name = _("urban") if area == URBAN else _("rural")
    unknown = [code for code in deprived if code not in rules.indicator_names]
    if unknown:
        raise ClassificationError(
            _("Indicators %(codes)s are not part of %(standard)s.")
            % {"codes": ", ".join(unknown), "standard": rules.name},
            "indicator_not_in_standard",
        )
    deprived = [code for code in rules.indicator_names if code in deprived]
    count = len(deprived)

    if income is not None:
        if income < 0:
            raise ClassificationError(_("Income cannot be negative."), "income_negative")
        line = rules.income_line[area]
        lines = _deprivation_lines(rules, deprived)
        if income <= line:
            lines.insert(
                0,
                _("Income %(income)s per person per month is at or below the %(area)s poverty line of %(line)s.")
                % {"income": format_money(income, "đồng"), "area": area_name, "line": format_money(line, "đồng")},
            )
            if count >= rules.poor_min_deprivations:
                result = Result.POOR
                lines.append(
                    _("The number of deprived indicators, %(count)d, is at least %(min)d: poor household.")
                    % {"count": count, "min": rules.poor_min_deprivations}
                )
            else:
                result = Result.NEAR_POOR
                lines.append(
                    _("The number of deprived indicators, %(count)d, is below %(min)d: near-poor household.")
                    % {"count": count, "min": rules.poor_min_deprivations}
                )
        else:
            lines.insert(
                0,
                _("Income %(income)s per person per month is above the %(area)s poverty line of %(line)s.")
                % {"income": format_money(income, "đồng"), "area": area_name, "line": format_money(line, "đồng")},
            )
            ceiling = rules.average_ceiling.get(area)
            if ceiling is not None and income <= ceiling:
                result = Result.AVERAGE
                lines.append(
                    _(
                        "The income is at or below %(ceiling)s: household with an average living standard "
                        "(deprivations do not change this)."
                    )
                    % {"ceiling": format_money(ceiling, "đồng")}
                )
            else:
                result = Result.NOT_POOR
                if ceiling is not None:
                    lines.append(
                        _("The income is above the average-living ceiling of %(ceiling)s: not poor.")
                        % {"ceiling": format_money(ceiling, "đồng")}
                    )
                else:
                    lines.append(_("Above the line the household is not poor, whatever its deprivations."))
    elif score_a is not None and score_b is not None:
        cutoff = rules.score_a_cutoff.get(area)
        if cutoff is None:
            raise ClassificationError(
                _("%(standard)s defines no score cut-off: record the income instead.") % {"standard": rules.name},
                "scores_not_defined",
            )
        if score_a < 0 or score_b < 0:
            raise ClassificationError(_("Scores cannot be negative."), "score_negative")
        poor_b = rules.poor_min_deprivations * rules.score_b_per_indicator
        lines = _deprivation_lines(rules, deprived)
        if score_a <= cutoff:
            lines.insert(
                0,
                _("Score A of %(a)d points is at or below the %(area)s cut-off of %(cutoff)d points.")
                % {"a": score_a, "area": area_name, "cutoff": cutoff},
            )
            if score_b >= poor_b:
                result = Result.POOR
                lines.append(
                    _("Score B of %(b)d points is at least %(min)d points: poor household.")
                    % {"b": score_b, "min": poor_b}
                )
            else:
                result = Result.NEAR_POOR
                lines.append(
                    _("Score B of %(b)d points is below %(min)d points: near-poor household.")
                    % {"b": score_b, "min": poor_b}
                )
        else:
            result = Result.NOT_POOR
            lines.insert(
                0,
                _("Score A of %(a)d points is above the %(area)s cut-off of %(cutoff)d points: not poor.")
                % {"a": score_a, "area": area_name, "cutoff": cutoff},
            )
    else:
        raise ClassificationError(
            _("Record either the monthly income per person or both survey scores A and B."), "no_measure"
        )
    lines.append(_("Rule applied: %(standard)s.") % {"standard": rules.name})
    return Classification(result=result, explanation=lines, standard=rules.name)
