"""The 2026 periodic review walked in a real browser, all six steps, as each role does it.

The labour officer opens the review, records two requests, builds the list, assigns the
reviewers and closes each step from the campaign page; scores one residential group's
households through their assessment form (the other group is seeded by the services to
keep the walk short); its meeting sends one household back to the survey; the results are
posted and a complaint is re-checked; leadership sends the report and recognises the lists,
which take effect on 01/01/2027; the Fatherland Front's reviewer reads it all and can write
nothing. The dates run from August to November 2026, before today (December 2026), in the
order Quyết định 24/2021 Art. 4 gives them.

Elements are found by ids, names and addresses, never by their wording (the interface is
translated). Screenshots and printed PDFs go to SHOTS (default /tmp/shots-review).
"""

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from households import services as household_services
from households.models import Household, Review
from households.status import Status
from reviews import services
from reviews.models import Campaign, Complaint, Outcome, Step
from tests.browser.test_programme_browser import type_into, with_password
from tests.browser.test_registry_browser import log_in, path_re
from tests.factories import make_decision, make_group, make_household, make_user, make_ward

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SHOTS = Path(os.environ.get("SHOTS", "/tmp/shots-review"))
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
YEAR = 2026  # the periodic review 01/09–14/12/2026 makes the list of 2027 (2027–2030 standard)
# Three of the 2027–2030 standard's indicators: with an income at or below 2.800.000, poor.
DEPRIVED = ["HEALTH_INSURANCE", "HOUSING_QUALITY", "SANITATION"]


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def print_pdf(page: Page, name: str) -> Path:
    """Print the page as the browser does (print media) to SHOTS/name.pdf, and render it at 50 dpi."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.emulate_media(media="print")
    expect(page.locator("[data-print]")).to_be_hidden()
    path = SHOTS / f"{name}.pdf"
    page.pdf(path=str(path), format="A4", prefer_css_page_size=True)
    page.emulate_media(media="screen")
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(SHOTS / name)], check=False)
    return path


def day(value: date) -> str:
    return f"{value:%d/%m/%Y}"


def submit(page: Page, field: str) -> None:
    """Press the submit button of the posted form holding `field`."""
    page.locator(f"form[method=post]:has({field}) button[type=submit]").click()


def go(page: Page, live_server, url: str) -> None:
    page.goto(live_server.url + url)
    expect(page).to_have_url(path_re(url))


def close_step(page: Page, campaign: Campaign, step: int, on: date) -> None:
    url = reverse("reviews:close_step", args=[campaign.pk, step])
    page.locator(f'#steps [data-step="{step}"] a[href="{url}"]').click()
    expect(page).to_have_url(path_re(url))
    expect(page.locator("#missing")).to_have_count(0)
    type_into(page, "#id_closed_on", day(on))
    submit(page, "#id_closed_on")
    expect(page).to_have_url(path_re(campaign.get_absolute_url()))
    expect(page.locator(f'#steps [data-step="{step}"]')).to_have_attribute("data-state", "closed")


def row(page: Page, code: str):
    return page.locator(f'#entries tr[data-code="{code}"]')


def score(page: Page, live_server, campaign: Campaign, code: str, *, income: str, deprived=(), on: date) -> None:
    """Follow the household's score link on the campaign page and save its assessment."""
    go(page, live_server, campaign.get_absolute_url())
    form_url = reverse("households:assessment_create", args=[code])
    row(page, code).locator(f'a[href^="{form_url}?"]').click()
    expect(page).to_have_url(path_re(form_url, r"\?.*"))
    # The link names the campaign's review.
    expect(page.locator("#id_review_kind")).to_have_value(Review.Kind.PERIODIC)
    expect(page.locator("#id_review_year")).to_have_value(str(YEAR))
    type_into(page, "#id_assessed_on", day(on))
    fill_scores(page, income, deprived)
    page.locator('button[name="save"]').click()
    expect(page).to_have_url(path_re(reverse("households:detail", args=[code])))


def fill_scores(page: Page, income: str, deprived) -> None:
    page.locator('input[name="method"][value="income"]').check()
    type_into(page, "#id_income", income)
    boxes = page.locator('input[name="deprived"]')
    for index in range(boxes.count()):
        box = boxes.nth(index)
        box.set_checked(box.get_attribute("value") in deprived)
    expect(page.locator('input[name="deprived"]:checked')).to_have_count(len(deprived))


def record_meeting(page: Page, campaign: Campaign, group, votes: dict[int, int], on: date, attendees=40) -> None:
    url = reverse("reviews:meeting_create", args=[campaign.pk, group.pk])
    page.locator(f'#groups tr[data-group="{group.code}"] a[href="{url}"]').click()
    expect(page).to_have_url(path_re(url))
    expect(page.locator("input[id^=id_vote_]")).to_have_count(len(votes))
    type_into(page, "#id_held_on", day(on))
    page.locator("#id_chair").fill("Trần Văn Tổ")
    page.locator("#id_secretary").fill("Lê Thị Thư")
    type_into(page, "#id_attendees", str(attendees))
    page.locator("#id_attendee_list").fill("Ban Chỉ đạo rà soát phường\nĐại diện các hộ trong tổ")
    page.locator("#id_front_representative").fill("Đặng Văn Giám")
    for pk, agreeing in votes.items():
        type_into(page, f"#id_vote_{pk}", str(agreeing))
    submit(page, "#id_held_on")
    expect(page).to_have_url(path_re(campaign.get_absolute_url()))
    expect(page.locator(".alert-success")).to_have_count(1)


def post_results(page: Page, campaign: Campaign, group, place: str, on: date) -> None:
    url = reverse("reviews:posting_create", args=[campaign.pk])
    page.locator(f'#steps [data-step="4"] a[href="{url}"]').click()
    expect(page).to_have_url(path_re(url))
    page.locator("#id_residential_group").select_option(str(group.pk) if group else "")
    page.locator("#id_place").fill(place)
    type_into(page, "#id_starts_on", day(on))
    if group is None:
        type_into(page, "#id_announced_on", day(on))
    submit(page, "#id_place")
    expect(page).to_have_url(path_re(campaign.get_absolute_url()))


def seed_second_group(campaign: Campaign, group, officer) -> None:
    """The other group's survey and meeting, by the services: the browser walks the first group's."""
    listed = {e.household.code: e for e in campaign.entries.select_related("household")}
    for code, income, deprived in (("H-OTHER", 7_000_000, []), ("H-ASK2", 2_600_000, DEPRIVED)):
        household_services.record_assessment(
            household=listed[code].household, review=campaign.review, assessed_on=date(YEAR, 9, 24),
            deprived=deprived, income=income, score_a=None, score_b=None, by=officer,
        )  # fmt: skip
    services.record_meeting(
        campaign=campaign, residential_group=group, held_on=date(YEAR, 10, 13), place="Nhà văn hóa tổ 2",
        chair="Phạm Văn Hai", secretary="Võ Thị Ba", attendees=35, attendee_list="Đại diện các hộ",
        front_representative="Đặng Văn Giám", votes={listed["H-OTHER"].pk: 30, listed["H-ASK2"].pk: 33}, by=officer,
    )  # fmt: skip


def test_the_periodic_review_walks_its_six_steps_and_the_lists_take_effect(page: Page, live_server, js_errors):
    officer = with_password(make_user("ldtbxh", username="canbo", full_name="Lê Thị Chương"))
    with_password(make_user("lanhdao", username="lanhdao", full_name="Trần Văn Lãnh"))
    with_password(make_user("mattran", username="giamsat", full_name="Đặng Văn Tâm"))
    ward = make_ward()
    first = make_group(ward, code="TDP1", name="Tổ dân phố 1")
    second = make_group(ward, code="TDP2", name="Tổ dân phố 2")
    for head, code, group, status in (
        ("Nguyễn Văn Nghèo", "H-POOR", first, Status.POOR),
        ("Trần Thị Cận", "H-NEAR", first, Status.NEAR_POOR),
        ("Lê Văn Khác", "H-OTHER", second, Status.POOR),
    ):
        make_decision(make_household(head, code=code, group=group), status, date(2022, 1, 1))
    make_household("Phạm Thị Đơn", code="H-ASK1", group=first)
    make_household("Võ Văn Xin", code="H-ASK2", group=second)
    make_household("Đỗ Văn Khá", code="H-NONE", group=first)  # on no list, asked nothing: not reviewed

    # Step 1: the review opened from the list of reviews.
    log_in(page, live_server, "canbo")
    go(page, live_server, reverse("reviews:list"))
    page.locator("#id_kind").select_option(Review.Kind.PERIODIC)
    type_into(page, "#id_year", str(YEAR))
    page.locator(f'form[action="{reverse("reviews:open")}"] button[type=submit]').click()
    campaign = Campaign.objects.get(review__kind=Review.Kind.PERIODIC, review__year=YEAR)
    expect(page).to_have_url(path_re(campaign.get_absolute_url()))
    assert (campaign.review.starts_on, campaign.review.ends_on) == (date(YEAR, 9, 1), date(YEAR, 12, 14))

    # Two households' requests (Mẫu số 01), recorded through the request form.
    for code, received, channel in (("H-ASK1", date(YEAR, 8, 20), "in_person"), ("H-ASK2", date(YEAR, 9, 3), "online")):
        go(page, live_server, reverse("reviews:list"))
        page.locator(f'a[href="{reverse("reviews:request_create")}"]').click()
        expect(page).to_have_url(path_re(reverse("reviews:request_create")))
        type_into(page, "#id_household", code)
        page.locator("#id_form").select_option("01")
        type_into(page, "#id_received_on", day(received))
        page.locator("#id_channel").select_option(channel)
        page.locator("#id_applicant").fill("Chủ hộ")
        submit(page, "#id_household")
        expect(page).to_have_url(path_re(reverse("reviews:list")))
    expect(page.locator("#waiting")).to_be_visible()

    page.locator(f'#campaigns a[href="{campaign.get_absolute_url()}"]').click()
    expect(page.locator("#requests li")).to_have_count(2)
    page.locator(f'form[action="{reverse("reviews:build_list", args=[campaign.pk])}"] button[type=submit]').click()
    expect(page.locator("#entries tbody tr[data-code]")).to_have_count(5)
    expect(row(page, "H-NONE")).to_have_count(0)
    missing = page.locator("#steps [data-step='1'] [data-missing] li")
    expect(missing).to_have_count(1)  # no reviewers yet, in one line for every group
    expect(missing).to_contain_text(first.name)

    reviewers_url = reverse("reviews:reviewers", args=[campaign.pk])
    page.locator(f'#steps a[href="{reviewers_url}"]').click()
    page.locator(f"#id_group_{first.pk}").fill("Nguyễn Thị Rà")
    page.locator(f"#id_group_{second.pk}").fill("Hồ Văn Soát")
    submit(page, f"#id_group_{first.pk}")
    expect(page).to_have_url(path_re(campaign.get_absolute_url()))
    close_step(page, campaign, Step.LIST, date(YEAR, 9, 10))

    # Step 2: the first group scored through each household's assessment form.
    entry = {e.household.code: e for e in campaign.entries.select_related("household")}
    score(page, live_server, campaign, "H-POOR", income="2.000.000", deprived=DEPRIVED, on=date(YEAR, 9, 22))
    score(page, live_server, campaign, "H-NEAR", income="4.500.000", on=date(YEAR, 9, 23))
    score(page, live_server, campaign, "H-ASK1", income="6.000.000", on=date(YEAR, 9, 23))
    seed_second_group(campaign, second, officer)
    go(page, live_server, campaign.get_absolute_url())
    expect(page.locator('#entries tr[data-stage="scored"]')).to_have_count(3)
    expect(row(page, "H-POOR").locator("[data-proposed]")).to_have_attribute("data-proposed", Status.POOR)
    expect(row(page, "H-NEAR").locator("[data-proposed]")).to_have_attribute("data-proposed", Status.NONE)
    close_step(page, campaign, Step.SURVEY, date(YEAR, 10, 1))

    # Step 3: under half agree on H-NEAR (15 of 40): surveyed again, then agreed at a second meeting.
    record_meeting(
        page, campaign, first, {entry["H-POOR"].pk: 30, entry["H-NEAR"].pk: 15, entry["H-ASK1"].pk: 25},
        date(YEAR, 10, 12),
    )  # fmt: skip
    expect(row(page, "H-NEAR")).to_have_attribute("data-stage", "rescore")
    expect(row(page, "H-POOR")).to_have_attribute("data-stage", "agreed")
    rescore_url = reverse("reviews:entry_rescore", args=[campaign.pk, entry["H-NEAR"].pk])
    row(page, "H-NEAR").locator(f'a[href="{rescore_url}"]').click()
    expect(page).to_have_url(path_re(rescore_url))
    type_into(page, "#id_assessed_on", day(date(YEAR, 10, 15)))
    fill_scores(page, "2.500.000", [])
    submit(page, "#id_assessed_on")
    expect(page).to_have_url(path_re(campaign.get_absolute_url()))
    expect(row(page, "H-NEAR")).to_have_attribute("data-stage", "scored")
    expect(row(page, "H-NEAR").locator("[data-proposed]")).to_have_attribute("data-proposed", Status.NEAR_POOR)
    record_meeting(page, campaign, first, {entry["H-NEAR"].pk: 28}, date(YEAR, 10, 19), attendees=36)
    expect(page.locator('#entries tr[data-stage="agreed"]')).to_have_count(5)
    expect(page.locator(f'#groups tr[data-group="{first.code}"] a[href*="/meetings/"]')).to_have_count(2)
    close_step(page, campaign, Step.MEETING, date(YEAR, 10, 22))

    # Step 4: posted from Monday 26/10 for three working days, at the office and in both groups.
    posted_on = date(YEAR, 10, 26)
    post_results(page, campaign, None, "Trụ sở UBND phường", posted_on)
    post_results(page, campaign, first, "Nhà văn hóa tổ 1", posted_on)
    post_results(page, campaign, second, "Nhà văn hóa tổ 2", posted_on)
    expect(page.locator("#postings li")).to_have_count(3)
    complaint_url = reverse("reviews:complaint_create", args=[campaign.pk])
    page.locator(f'#steps a[href="{complaint_url}"]').click()
    page.locator("#id_entry").select_option(str(entry["H-OTHER"].pk))
    page.locator("#id_lodged_by").fill("Lê Văn Khác")
    type_into(page, "#id_lodged_on", day(date(YEAR, 10, 27)))
    page.locator("#id_content").fill("Chồng tôi ốm từ tháng 9, thu nhập không còn như khi khảo sát.")
    submit(page, "#id_lodged_by")
    expect(page).to_have_url(path_re(campaign.get_absolute_url()))
    complaint = Complaint.objects.get(entry=entry["H-OTHER"])
    expect(page.locator('#complaints tr[data-answered="no"]')).to_have_count(1)
    answer_url = reverse("reviews:complaint_answer", args=[campaign.pk, complaint.pk])
    page.locator(f'#complaints a[href="{answer_url}"]').click()
    expect(page.locator("#complaint")).to_be_visible()
    type_into(page, "#id_answered_on", day(date(YEAR, 10, 30)))
    page.locator('input[name="outcome"][value="changed"]').check()
    page.locator("#id_new_status").select_option(Status.NEAR_POOR)
    page.locator("#id_answer").fill("Phúc tra ngày 30/10: thu nhập bình quân 2.600.000 đồng, hộ cận nghèo.")
    submit(page, "#id_answer")
    expect(page.locator('#complaints tr[data-answered="yes"]')).to_have_count(1)
    expect(row(page, "H-OTHER").locator("[data-proposed]")).to_have_attribute("data-proposed", Status.NEAR_POOR)
    page.locator(f'a[href="{reverse("reviews:posted_list", args=[campaign.pk])}"]').click()
    expect(page.locator("#posted [data-code]")).to_have_count(5)
    print_pdf(page, "posted-list")
    go(page, live_server, campaign.get_absolute_url())
    close_step(page, campaign, Step.POSTING, date(YEAR, 11, 2))
    # The officer does not sign off: step 5 offers no sending to them.
    expect(page.locator(f'a[href="{reverse("reviews:submission_create", args=[campaign.pk])}"]')).to_have_count(0)
    shoot(page, "campaign-officer")

    # Steps 5 and 6: leadership sends the official results and recognises the lists.
    page.context.clear_cookies()
    log_in(page, live_server, "lanhdao")
    go(page, live_server, campaign.get_absolute_url())
    submission_url = reverse("reviews:submission_create", args=[campaign.pk])
    page.locator(f'#steps a[href="{submission_url}"]').click()
    expect(page).to_have_url(path_re(submission_url))
    page.locator("#id_kind").select_option("official")
    type_into(page, "#id_number", "312/BC-UBND")
    type_into(page, "#id_sent_on", day(date(YEAR, 11, 5)))
    submit(page, "#id_number")
    expect(page).to_have_url(path_re(campaign.get_absolute_url()))
    expect(page.locator("#submissions li")).to_have_count(1)
    close_step(page, campaign, Step.REPORT, date(YEAR, 11, 6))

    recognition_url = reverse("reviews:recognition_create", args=[campaign.pk])
    page.locator(f'#steps a[href="{recognition_url}"]').click()
    expect(page).to_have_url(path_re(recognition_url))
    type_into(page, "#id_number", "1520/QĐ-UBND")
    type_into(page, "#id_signed_on", day(date(YEAR, 11, 20)))
    type_into(page, "#id_effective_on", day(date(YEAR + 1, 1, 1)))
    page.locator("#id_signer").fill("Chủ tịch Nguyễn Văn Chủ")
    submit(page, "#id_effective_on")
    expect(page).to_have_url(path_re(campaign.get_absolute_url()))
    expect(page.locator("#recognition")).to_be_visible()
    expect(page.locator('#steps [data-step="6"]')).to_have_attribute("data-state", "closed")

    # The lists take effect on 01/01/2027, not before.
    expected = {
        "H-POOR": (Status.POOR, Status.POOR),
        "H-NEAR": (Status.NEAR_POOR, Status.NEAR_POOR),
        "H-ASK1": (Status.NONE, Status.NONE),
        "H-OTHER": (Status.POOR, Status.NEAR_POOR),  # changed by the re-check
        "H-ASK2": (Status.NONE, Status.POOR),
    }
    for code, (before, after) in expected.items():
        household = Household.objects.get(code=code)
        assert (household.status_on(date(YEAR, 12, 31)), household.status_on(date(YEAR + 1, 1, 1))) == (before, after)
    outcomes = Outcome.objects.filter(recognition__campaign=campaign)
    numbers = dict(outcomes.values_list("entry__household__code", "certificate_number"))
    assert numbers == {"H-NEAR": 1, "H-POOR": 2, "H-ASK1": None, "H-ASK2": 3, "H-OTHER": 4}
    go(page, live_server, reverse("households:detail", args=["H-ASK2"]))
    expect(page.locator("main")).to_contain_text("1520/QĐ-UBND")

    poor_list = reverse("reviews:recognised_list", args=[campaign.pk, "poor"])
    go(page, live_server, poor_list)
    expect(page.locator("#recognised [data-code]")).to_have_count(2)
    print_pdf(page, "recognised-poor")
    certificates_url = reverse("reviews:certificates", args=[campaign.pk])
    go(page, live_server, certificates_url)
    expect(page.locator("[data-code]")).to_have_count(4)
    print_pdf(page, "certificates")

    # The Fatherland Front's reviewer reads the campaign, the minutes, the complaint and the certificates.
    page.context.clear_cookies()
    log_in(page, live_server, "giamsat")
    go(page, live_server, campaign.get_absolute_url())
    expect(page.locator("#entries tbody tr[data-code]")).to_have_count(5)
    expect(page.locator('#complaints tr[data-answered="yes"]')).to_have_count(1)
    shoot(page, "campaign-front")
    assert_reads_only(page)
    writes = [answer_url] + [reverse("reviews:close_step", args=[campaign.pk, step]) for step in range(1, 6)]
    for name in (
        "reviews:build_list", "reviews:entry_create", "reviews:reviewers", "reviews:posting_create",
        "reviews:complaint_create", "reviews:submission_create", "reviews:recognition_create", "reviews:appeal_create",
    ):  # fmt: skip
        writes.append(reverse(name, args=[campaign.pk]))
    for url in writes:
        expect(page.locator(f'[href="{url}"], [action="{url}"]')).to_have_count(0)
    meetings = page.locator('#meetings a[href*="/meetings/"]')
    expect(meetings).to_have_count(3)
    meetings.first.click()
    expect(page.locator("#votes [data-code]").first).to_be_visible()
    assert_reads_only(page)
    go(page, live_server, certificates_url)
    expect(page.locator("[data-code]")).to_have_count(4)
    assert_reads_only(page)
    # Posted by hand with a valid token, a write is refused.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    for url in (reverse("reviews:complaint_create", args=[campaign.pk]), answer_url):
        response = page.request.post(
            live_server.url + url,
            headers={"X-CSRFToken": token},
            form={"entry": str(entry["H-ASK1"].pk), "lodged_by": "x", "lodged_on": day(date(YEAR, 10, 28)),
                  "content": "x", "answered_on": day(date(YEAR, 10, 30)), "outcome": "confirmed", "answer": "x"},
        )  # fmt: skip
        assert response.status == 403, (url, response.status)
    # The same token and headers pass the CSRF check: the 403s above were the permission's.
    switched = page.request.post(
        live_server.url + reverse("set_language"),
        headers={"X-CSRFToken": token},
        form={"language": "vi", "next": campaign.get_absolute_url()},
        max_redirects=0,
    )
    assert switched.status == 302, switched.status
    assert Complaint.objects.count() == 1 and not Complaint.objects.get().answer.startswith("x")
    assert not js_errors, js_errors


def assert_reads_only(page: Page) -> None:
    """No form that writes: only signing out and the language switch post."""
    session_only = {reverse("logout"), reverse("set_language")}
    actions = page.locator("form[method=post]").evaluate_all("forms => forms.map(f => f.getAttribute('action'))")
    assert set(actions) <= session_only, actions
