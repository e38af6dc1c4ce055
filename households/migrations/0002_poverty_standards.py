"""The poverty standards and their indicators, as data the admin can correct.

2022–2026: Nghị định 07/2021/NĐ-CP Art. 3 (extended through 2026). 2027–2030: the
2026–2030 standard (lines confirmed; indicator list as presented in 2025, to be
checked against the decree). Thresholds of each indicator are the unverified
working text of domain.md §2.
"""

from datetime import date

from django.db import migrations

INDICATORS = [
    # code, name, dimension, threshold (working text, unverified)
    (
        "EMPLOYMENT",
        "Việc làm",
        "employment",
        "Hộ có ít nhất 01 người trong độ tuổi lao động không có việc làm hoặc làm công, làm thuê không có hợp đồng lao động.",
    ),
    (
        "DEPENDANTS",
        "Người phụ thuộc trong hộ gia đình",
        "employment",
        "Tỷ lệ người phụ thuộc trong tổng số nhân khẩu của hộ lớn hơn 50%.",
    ),
    (
        "NUTRITION",
        "Dinh dưỡng",
        "health",
        "Hộ có ít nhất 01 trẻ em dưới 16 tuổi bị suy dinh dưỡng (thấp còi hoặc nhẹ cân).",
    ),
    (
        "HEALTH_INSURANCE",
        "Bảo hiểm y tế",
        "health",
        "Hộ có ít nhất 01 người từ đủ 06 tuổi trở lên hiện không có bảo hiểm y tế.",
    ),
    (
        "ADULT_EDUCATION",
        "Trình độ giáo dục của người lớn",
        "education",
        "Hộ có ít nhất 01 người từ 16 đến 30 tuổi không tham gia học tập và không có trình độ phù hợp với độ tuổi.",
    ),
    (
        "CHILD_SCHOOLING",
        "Tình trạng đi học của trẻ em",
        "education",
        "Hộ có ít nhất 01 trẻ em từ 3 tuổi đến dưới 16 tuổi không được học đúng bậc, cấp học phù hợp với độ tuổi.",
    ),
    ("HOUSING_QUALITY", "Chất lượng nhà ở", "housing", "Hộ đang ở nhà thiếu kiên cố hoặc nhà đơn sơ."),
    (
        "HOUSING_AREA",
        "Diện tích nhà ở bình quân đầu người",
        "housing",
        "Diện tích nhà ở bình quân đầu người dưới 8 m².",
    ),
    (
        "WATER_SOURCE",
        "Nguồn nước sinh hoạt",
        "water_sanitation",
        "Hộ không được tiếp cận nguồn nước sinh hoạt an toàn.",
    ),
    ("SANITATION", "Nhà tiêu hợp vệ sinh", "water_sanitation", "Hộ không sử dụng nhà tiêu hợp vệ sinh."),
    (
        "TELECOM",
        "Sử dụng dịch vụ viễn thông",
        "information",
        "Hộ không có thành viên nào sử dụng dịch vụ viễn thông (điện thoại, internet).",
    ),
    (
        "INFO_ASSETS",
        "Phương tiện phục vụ tiếp cận thông tin",
        "information",
        "Hộ không có phương tiện nào trong số các phương tiện phục vụ tiếp cận thông tin.",
    ),
    (
        "WASTE_TREATMENT",
        "Xử lý rác thải",
        "water_sanitation",
        "Chỉ số mới của chuẩn 2027–2030; ngưỡng cần đối chiếu nghị định.",
    ),
]

STANDARDS = [
    {
        "code": "ND07-2021",
        "name": "Nghị định 07/2021/NĐ-CP, Điều 3 (chuẩn nghèo 2022–2025, kéo dài đến hết 2026)",
        "valid_from": date(2022, 1, 1),
        "valid_to": date(2026, 12, 31),
        "urban_income_line": 2_000_000,
        "rural_income_line": 1_500_000,
        "urban_average_ceiling": 3_000_000,
        "rural_average_ceiling": 2_250_000,
        "urban_score_a_cutoff": 175,
        "rural_score_a_cutoff": 140,
        "indicators": [code for code, *_ in INDICATORS if code != "WASTE_TREATMENT"],
    },
    {
        "code": "CHUAN-2027-2030",
        "name": "Chuẩn nghèo đa chiều giai đoạn 2027–2030 (nghị định năm 2025)",
        "valid_from": date(2027, 1, 1),
        "valid_to": date(2030, 12, 31),
        "urban_income_line": 2_800_000,
        "rural_income_line": 2_200_000,
        "urban_average_ceiling": None,
        "rural_average_ceiling": None,
        "urban_score_a_cutoff": None,
        "rural_score_a_cutoff": None,
        "indicators": [code for code, *_ in INDICATORS if code != "INFO_ASSETS"],
    },
]


def load(apps, schema_editor):
    Indicator = apps.get_model("households", "DeprivationIndicator")
    Standard = apps.get_model("households", "PovertyStandard")
    indicators = {}
    for order, (code, name, dimension, threshold) in enumerate(INDICATORS, start=1):
        indicators[code], _ = Indicator.objects.update_or_create(
            code=code, defaults={"name": name, "dimension": dimension, "threshold": threshold, "order": order}
        )
    for spec in STANDARDS:
        spec = dict(spec)
        codes = spec.pop("indicators")
        standard, _ = Standard.objects.update_or_create(code=spec.pop("code"), defaults=spec)
        standard.indicators.set([indicators[code] for code in codes])


class Migration(migrations.Migration):
    dependencies = [("households", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
