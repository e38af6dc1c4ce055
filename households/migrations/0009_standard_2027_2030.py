# The standards as Nghị định 351/2025/NĐ-CP (30/12/2025) sets them:
#   - Nghị định 07/2021/NĐ-CP Art. 3 continues from 01/01/2026 to 31/12/2026;
#   - from 01/01/2027: 2,800,000 (đô thị) / 2,200,000 (nông thôn) đồng per person per month,
#     poor = at or below the line and deprived in 3 or more indicators, near-poor = fewer;
#     no average-living band and no survey-score cut-offs found (left empty);
#   - the 2026–2030 indicators (6 dimensions, 12 indicators): "phương tiện phục vụ tiếp cận
#     thông tin" dropped, "xử lý rác thải" added, dependants counted as children under 16
#     and elderly or disabled people receiving a monthly social allowance (draft wording).
# Every threshold stays working text (threshold_confirmed False): none has been checked
# against a published appendix. A threshold or rule an officer has changed in the admin
# since it was seeded is left as it is.

from datetime import date

from django.db import migrations

ND07_NAME = (
    "Nghị định 07/2021/NĐ-CP, Điều 3 (chuẩn nghèo 2022–2025; Nghị định 351/2025/NĐ-CP "
    "ngày 30/12/2025 tiếp tục áp dụng đến hết 31/12/2026)"
)
ND351 = {
    "code": "ND351-2025",
    "name": "Nghị định 351/2025/NĐ-CP ngày 30/12/2025 (chuẩn nghèo đa chiều giai đoạn 2027–2030)",
    "valid_from": date(2027, 1, 1),
    "valid_to": date(2030, 12, 31),
    "urban_income_line": 2_800_000,
    "rural_income_line": 2_200_000,
    "urban_average_ceiling": None,
    "rural_average_ceiling": None,
    "poor_min_deprivations": 3,
    "urban_score_a_cutoff": None,
    "rural_score_a_cutoff": None,
}
SEEDED_2027_CODE = "CHUAN-2027-2030"  # as 0002 named it, before the decree's number was known

ND351_INDICATORS = [
    "EMPLOYMENT",
    "DEPENDANTS",
    "NUTRITION",
    "HEALTH_INSURANCE",
    "ADULT_EDUCATION",
    "CHILD_SCHOOLING",
    "HOUSING_QUALITY",
    "HOUSING_AREA",
    "WATER_SOURCE",
    "SANITATION",
    "TELECOM",
    "WASTE_TREATMENT",
]
# (code, threshold as 0002 seeded it, the 2027–2030 working text, suggestion rule)
ND351_CHANGES = [
    (
        "DEPENDANTS",
        "Tỷ lệ người phụ thuộc trong tổng số nhân khẩu của hộ lớn hơn 50%.",
        "Tỷ lệ người phụ thuộc trong tổng số nhân khẩu của hộ lớn hơn 50%; người phụ thuộc gồm trẻ em "
        "dưới 16 tuổi, người cao tuổi và người khuyết tật đang hưởng trợ cấp xã hội hằng tháng.",
        "dependants_allowance_over_half",
    ),
    (
        "WASTE_TREATMENT",
        "Chỉ số mới của chuẩn 2027–2030; ngưỡng cần đối chiếu nghị định.",
        "Hộ không thu gom, xử lý rác thải sinh hoạt theo quy định.",
        "",
    ),
]
OLD_RULES = {"DEPENDANTS": "dependants_over_half"}


def apply(apps, schema_editor):
    Standard = apps.get_model("households", "PovertyStandard")
    Indicator = apps.get_model("households", "DeprivationIndicator")
    StandardIndicator = apps.get_model("households", "StandardIndicator")

    nd07 = Standard.objects.filter(code="ND07-2021").first()
    if nd07 is not None:
        nd07.name = ND07_NAME
        nd07.valid_to = date(2026, 12, 31)
        nd07.save(update_fields=["name", "valid_to"])

    spec = dict(ND351)
    standard = (
        Standard.objects.filter(code=spec["code"]).first()
        or Standard.objects.filter(code=SEEDED_2027_CODE).first()
        or Standard()
    )
    for field, value in spec.items():
        setattr(standard, field, value)
    standard.save()

    indicators = {i.code: i for i in Indicator.objects.filter(code__in=ND351_INDICATORS)}
    shared = {}
    if nd07 is not None:
        shared = {row.indicator.code: row for row in StandardIndicator.objects.filter(standard=nd07).select_related("indicator")}
    for code in ND351_INDICATORS:
        if code not in indicators:
            continue
        template = shared.get(code)
        StandardIndicator.objects.get_or_create(
            standard=standard,
            indicator=indicators[code],
            defaults={
                "threshold": template.threshold if template else "",
                "suggestion_rule": template.suggestion_rule if template else "",
            },
        )
    for code, seeded, text, rule in ND351_CHANGES:
        row = StandardIndicator.objects.filter(standard=standard, indicator__code=code).first()
        if row is None:
            continue
        if row.threshold in (seeded, ""):
            row.threshold = text
        if row.suggestion_rule in ("", OLD_RULES.get(code, "")):
            row.suggestion_rule = rule
        row.save(update_fields=["threshold", "suggestion_rule"])


class Migration(migrations.Migration):
    dependencies = [("households", "0008_review_list_year_standard")]

    operations = [migrations.RunPython(apply, migrations.RunPython.noop)]
