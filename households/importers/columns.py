"""The household import's columns, shared by its template, the import and the export."""

from django.utils.translation import gettext_lazy as _

from giamngheo.models import AreaType
from households.choices import ETHNIC_GROUPS, Disability, Education, Employment, Merit, Relation, Schooling, Sex
from households.models import Member
from imports import values
from imports.columns import DATE_NOTE, Column, choices_of, date_column, yes_no

HOUSEHOLD_COLUMNS = [
    Column(
        "code",
        "Mã hộ",
        _("Unique in the ward; rows with the same code are one household and must be together. Never a CCCD."),
        required=True,
        max_length=30,
    ),
    Column(
        "group",
        "Tổ dân phố",
        _("The residential group's code or name, as in the app."),
        required=True,
        width=20,
    ),
    Column("address", "Địa chỉ", _("The household's address."), required=True, max_length=255, width=28),
    Column(
        "area_type",
        "Khu vực",
        _("Urban or rural: decides which poverty line applies."),
        choices=choices_of(AreaType),
        required=True,
    ),
    Column("phone", "Điện thoại", _("Optional."), max_length=20),
    Column("note", "Ghi chú của hộ", _("Optional."), width=20),
    date_column(
        "household_since",
        "Hộ vào sổ từ ngày",
        _("The day the household came onto the ward's register; the import's day when empty for a new household."),
    ),
    Column("full_name", "Họ và tên", _("One row per member."), required=True, max_length=150, width=24),
    date_column("date_of_birth", "Ngày sinh", DATE_NOTE, required=True),
    Column("sex", "Giới tính", _("From the list."), choices=choices_of(Sex), required=True, width=8),
    Column(
        "relation",
        "Quan hệ với chủ hộ",
        _("From the list; exactly one head per household."),
        choices=choices_of(Relation),
        required=True,
    ),
    Column(
        "ethnicity",
        "Dân tộc",
        _("From the list; Kinh when empty."),
        choices=lambda: [(code, name) for code, name in ETHNIC_GROUPS],
    ),
    Column(
        "citizen_id",
        "Số CCCD",
        _("12 digits, typed as text. Members are matched by it; without one, by name and date of birth."),
        parse=values.parse_citizen_id,
        width=15,
    ),
    Column("education", "Trình độ học vấn", _("From the list; optional."), choices=choices_of(Education), width=22),
    Column("schooling", "Tình trạng đi học", _("From the list; optional."), choices=choices_of(Schooling), width=20),
    Column("employment", "Việc làm", _("From the list; optional."), choices=choices_of(Employment), width=24),
    yes_no("health_insurance", "Có thẻ BHYT", _("Có or Không; Có when empty."), health=True),
    Column(
        "disability",
        "Khuyết tật",
        _("From the list; empty when none."),
        choices=choices_of(Disability),
        health=True,
        width=20,
    ),
    yes_no(
        "social_allowance",
        "Hưởng trợ cấp xã hội hằng tháng",
        _("Có or Không; Không when empty."),
    ),
    Column("merit", "Người có công", _("From the list; empty when not."), choices=choices_of(Merit), width=22),
    yes_no(
        "pregnant_or_nursing",
        "Đang mang thai hoặc nuôi con nhỏ",
        _("Có or Không; Không when empty."),
        health=True,
    ),
    yes_no(
        "no_stable_livelihood",
        "Không có sinh kế ổn định",
        _("Có or Không, as the officer checked; Không when empty. Read with a disability (KH 538/KH-UBND, III.1)."),
    ),
    date_column("low_income_worker_since", "Lao động có thu nhập thấp từ ngày", DATE_NOTE),
    Column(
        "low_income_worker_income",
        "Thu nhập bình quân đầu người/tháng khi công nhận",
        _("With the date above: whole đồng, at most the area's limit (Nghị định 30/2025/NĐ-CP)."),
        parse=values.parse_int,
        width=18,
    ),
    date_column(
        "low_income_worker_until",
        "Lao động có thu nhập thấp đến ngày",
        _("Empty: the recognition date plus the validity period."),
    ),
    Column(
        "entry_reason",
        "Lý do vào hộ",
        _("From the list; with the household when it was registered when empty."),
        choices=choices_of(Member.EntryReason),
        width=22,
    ),
    date_column(
        "entered_on",
        "Vào hộ từ ngày",
        _("Empty: the date of birth for a newborn, else the household's date (new household) or the import's day."),
    ),
    Column(
        "left_reason",
        "Lý do ra khỏi hộ",
        _("From the list (died, moved out); empty while the person lives in the household."),
        choices=choices_of(Member.LeftReason),
        width=16,
    ),
    date_column("left_on", "Ra khỏi hộ ngày", _("With the reason; empty while the person lives in the household.")),
]
