"""The registry in a real browser: an officer's working path, and a reviewer who only reads.

Elements are found by their names, ids and addresses, never by their wording: the
interface is translated. The live server flushes the tables after each test, so
serialized_rollback restores the roles and poverty standards the migrations made.
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from households.models import Assessment, Household, Review, add_months
from tests.factories import make_group, make_household, make_user, make_ward

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "mat-khau-du-dai-123"
SCREENSHOT = Path(settings.BASE_DIR) / "tmp" / "browser-household.png"
# In both the 2022–2026 and the 2027–2030 standards.
DEPRIVED = ["HEALTH_INSURANCE", "HOUSING_QUALITY", "SANITATION"]
NEW_MEMBERS = [
    # CCCD: province 056, century and sex (0 man / 1 woman 1900s, 2 man 2000s), year of birth, serial.
    {"full_name": "Phạm Văn Đức", "born": "15/03/1975", "sex": "M", "relation": "head", "citizen_id": "056075123456"},
    {"full_name": "Võ Thị Mỹ Lệ", "born": "02/11/1978", "sex": "F", "relation": "spouse", "citizen_id": "056178654321"},
    {"full_name": "Phạm Minh Khôi", "born": "20/08/2012", "sex": "M", "relation": "child", "citizen_id": ""},
]


def path_re(path: str, query: str = r"(\?.*)?") -> re.Pattern:
    """The page address is exactly `path` on the live server, with `query` after it."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + query + "$")


def log_in(page: Page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(live_server.url)
    expect(page).to_have_url(path_re(reverse("login"), r"\?next=.*"))
    page.locator("#id_username").press_sequentially(username)
    page.locator("#id_password").press_sequentially(password)
    page.locator("form:has(#id_password) button[type=submit]").click()
    expect(page).to_have_url(path_re(reverse("home")))
    # Signed in: the navigation bar offers to sign out.
    expect(page.locator(f'form[action="{reverse("logout")}"]')).to_have_count(1)


def review_fields(today: date) -> tuple[str, int, int | None, date]:
    """A review that is open on a day no later than today, and that day."""
    start, end = Review.period(Review.Kind.PERIODIC, today.year)
    if start <= today <= end:
        return Review.Kind.PERIODIC, today.year, None, today
    fifteenth = today.replace(day=15) if today.day >= 15 else add_months(today.replace(day=15), -1)
    return Review.Kind.REGULAR, fifteenth.year, fifteenth.month, fifteenth


def test_officer_finds_a_household_adds_one_and_records_its_assessment(page: Page, live_server, js_errors):
    officer = make_user("ldtbxh", username="canbo", full_name="Lê Thị Chương")
    officer.set_password(PASSWORD)
    officer.save()
    ward = make_ward()
    group = make_group(ward, code="TDP07", name="Tổ dân phố 7")
    make_household("Nguyễn Văn Ánh", group=group, code="HH-ANH")
    make_household("Trần Thị Bích", group=group, code="HH-BICH")

    # Every page needs a signed-in user: the home page sends us to the login page.
    log_in(page, live_server, "canbo")
    expect(page.locator("nav")).to_contain_text("Lê Thị Chương")

    # The list, searched without diacritics as officers type.
    list_url = reverse("households:list")
    page.locator(f'nav a[href="{list_url}"]').click()
    expect(page).to_have_url(path_re(list_url))
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    page.locator("#id_q").press_sequentially("nguyen van anh")
    page.locator("form[role=search] button[type=submit]").click()
    # The search is posted and kept under an opaque key: the name is never in the URL.
    expect(page).to_have_url(path_re(list_url, r"\?s=[A-Za-z0-9_-]+"))
    assert "nguyen" not in page.url
    expect(page.locator("#id_q")).to_have_value("nguyen van anh")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Nguyễn Văn Ánh")
    expect(rows.first.locator(f'a[href="{reverse("households:detail", args=["HH-ANH"])}"]')).to_be_visible()
    expect(page.locator("[data-total]")).to_have_attribute("data-total", "1")

    # A new household with three members: the page opens with one member form.
    page.locator(f'a[href="{reverse("households:create")}"]').click()
    expect(page).to_have_url(path_re(reverse("households:create")))
    member_forms = page.locator("#member-forms [data-member-form]")
    expect(member_forms).to_have_count(1)
    page.locator("#add-member").click()
    page.locator("#add-member").click()
    expect(member_forms).to_have_count(3)
    expect(page.locator("#id_members-TOTAL_FORMS")).to_have_value("3")

    page.locator("#id_code").fill("HH-0042")
    page.locator("#id_residential_group").select_option(str(group.pk))
    page.locator("#id_address").fill("25 Nguyễn Thị Minh Khai")
    page.locator("#id_area_type").select_option("urban")
    for index, member in enumerate(NEW_MEMBERS):
        field = f"#id_members-{index}-"
        page.locator(field + "full_name").fill(member["full_name"])
        page.locator(field + "date_of_birth").press_sequentially(member["born"])
        page.locator(field + "sex").select_option(member["sex"])
        page.locator(field + "relation").select_option(member["relation"])
        expect(page.locator(field + "ethnicity")).to_have_value("01")  # Kinh, the default
        if member["citizen_id"]:
            page.locator(field + "citizen_id").fill(member["citizen_id"])
    page.locator("form:has(#member-forms) button[type=submit]").click()

    detail_url = reverse("households:detail", args=["HH-0042"])
    expect(page).to_have_url(path_re(detail_url))
    member_rows = page.locator("#members tbody tr")
    expect(member_rows).to_have_count(3)
    for member in NEW_MEMBERS:
        expect(page.locator("#members tbody")).to_contain_text(member["full_name"])
    expect(page.locator("h1")).to_contain_text("Phạm Văn Đức")
    household = Household.objects.get(code="HH-0042")
    assert household.members.count() == 3
    assert household.head_name == "Phạm Văn Đức"
    assert household.residential_group == group

    # An assessment: income with thousands dots, three indicators, preview, then save.
    page.locator(f'a[href="{reverse("households:assessment_create", args=["HH-0042"])}"]').click()
    expect(page).to_have_url(path_re(reverse("households:assessment_create", args=["HH-0042"])))
    kind, year, month, assessed_on = review_fields(timezone.localdate())
    page.locator("#id_review_kind").select_option(kind)
    page.locator("#id_review_year").fill(str(year))
    page.locator("#id_review_month").select_option(str(month) if month else "")
    page.locator("#id_assessed_on").fill("")
    page.locator("#id_assessed_on").press_sequentially(assessed_on.strftime("%d/%m/%Y"))
    page.locator('input[name="method"][value="income"]').check()
    page.locator("#id_income").fill("")
    page.locator("#id_income").press_sequentially("1.800.000")
    # Suggestions from the member register come pre-ticked: keep exactly these three.
    checkboxes = page.locator('input[name="deprived"]')
    for index in range(checkboxes.count()):
        checkbox = checkboxes.nth(index)
        checkbox.set_checked(checkbox.get_attribute("value") in DEPRIVED)
    expect(page.locator('input[name="deprived"]:checked')).to_have_count(3)

    page.locator('button[name="preview"]').click()
    expect(page.locator("#classification [data-result]")).to_have_attribute("data-result", "poor")
    preview_lines = page.locator("#classification .explanation li")
    expect(preview_lines.first).to_be_visible()
    preview = preview_lines.all_inner_texts()
    assert len(preview) >= 3, preview
    assert any("1.800.000" in line for line in preview), preview
    # The preview saved nothing, and the form kept what was typed and ticked.
    assert not Assessment.objects.filter(household=household).exists()
    expect(page.locator('input[name="deprived"]:checked')).to_have_count(3)
    expect(page.locator("#id_income")).to_have_value(re.compile(r"^1\.?800\.?000$"))

    page.locator('button[name="save"]').click()
    expect(page).to_have_url(path_re(detail_url))
    assessment_card = page.locator(".assessment")
    expect(assessment_card).to_have_count(1)
    saved_lines = assessment_card.locator(".explanation li")
    expect(saved_lines).to_have_count(len(preview))
    assert saved_lines.all_inner_texts() == preview
    assessment = Assessment.objects.get(household=household)
    assert assessment.result == Assessment.Result.POOR
    assert assessment.income_per_capita == 1_800_000
    assert assessment.assessed_on == assessed_on
    assert sorted(assessment.deprivations.values_list("code", flat=True)) == sorted(DEPRIVED)
    assert assessment.assessed_by == officer

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)
    assert not js_errors, js_errors


def test_front_reviewer_reads_but_is_offered_no_change(page: Page, live_server, js_errors):
    reviewer = make_user("mattran", username="giamsat", full_name="Đặng Văn Tâm")
    reviewer.set_password(PASSWORD)
    reviewer.save()
    household = make_household("Nguyễn Văn Ánh", group=make_group(make_ward()), code="HH-ANH")
    head = household.members.get()
    head.citizen_id = "056170123456"  # a woman born 1970, as make_household records the head
    head.save()

    log_in(page, live_server, "giamsat")
    list_url = reverse("households:list")
    page.goto(live_server.url + list_url)
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator(f'a[href="{reverse("households:create")}"]')).to_have_count(0)

    detail_url = reverse("households:detail", args=["HH-ANH"])
    page.locator(f'main a[href="{detail_url}"]').click()
    expect(page).to_have_url(path_re(detail_url))
    expect(page.locator("h1")).to_contain_text("Nguyễn Văn Ánh")
    expect(page.locator("#members tbody tr")).to_have_count(1)
    for name in ("households:edit", "households:assessment_create", "households:decision_create"):
        expect(page.locator(f'[href="{reverse(name, args=["HH-ANH"])}"]')).to_have_count(0)
    expect(page.locator(f'[href="{reverse("households:create")}"]')).to_have_count(0)
    # Nor a form that writes: only signing out and the language switch post.
    session_only = {reverse("logout"), reverse("set_language")}
    actions = page.locator("form[method=post]").evaluate_all("forms => forms.map(f => f.getAttribute('action'))")
    assert set(actions) <= session_only, actions
    # A reviewer sees the CCCD masked.
    expect(page.locator("#members tbody")).to_contain_text("056******456")
    expect(page.locator("#members tbody")).not_to_contain_text("056170123456")
    assert not js_errors, js_errors
