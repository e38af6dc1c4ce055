"""The review's pages as each role uses them; every act through a form, every refusal on its field."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from households.status import Status
from reviews import services
from reviews.models import Campaign, Meeting, Step
from tests.factories import make_decision, make_household, make_user
from tests.reviews.conftest import POOR_DEPRIVED, assess
from tests.reviews.test_process import entries, through_list, through_posting

pytestmark = pytest.mark.django_db

ROLES = ["ldtbxh", "taichinh", "donvi", "lanhdao", "mattran"]


@pytest.mark.parametrize(
    ("role", "reads", "works", "signs"),
    [
        ("ldtbxh", True, True, False),
        ("taichinh", False, False, False),
        ("donvi", False, False, False),
        ("lanhdao", True, False, True),
        ("mattran", True, False, False),
    ],
)
def test_access_matrix(client, campaign, role, reads, works, signs):
    client.force_login(make_user(role))
    expected = {True: 200, False: 403}
    assert client.get(reverse("reviews:list")).status_code == expected[reads]
    page = client.get(campaign.get_absolute_url())
    assert page.status_code == expected[reads]
    if reads:  # the scores' import is offered to those who do the review, on its page
        assert ('id="import-assessments"' in page.content.decode()) == works
    assert client.get(reverse("reviews:entry_create", args=[campaign.pk])).status_code == expected[works]
    assert client.post(reverse("reviews:build_list", args=[campaign.pk])).status_code == (302 if works else 403)
    assert client.get(reverse("reviews:submission_create", args=[campaign.pk])).status_code == expected[signs]
    assert client.get(reverse("reviews:recognition_create", args=[campaign.pk])).status_code == expected[signs]
    close_report = reverse("reviews:close_step", args=[campaign.pk, Step.REPORT])
    assert client.get(close_report).status_code == expected[signs]


def test_the_front_reviewer_sees_who_did_each_step_and_writes_nothing(client, campaign, worker, ward_groups):
    through_list(campaign, worker, ward_groups)
    listed = entries(campaign)
    assess(listed["H-POOR"], income=1_500_000, deprived=POOR_DEPRIVED)
    client.force_login(make_user("mattran"))
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Lê Thị Chương" in page  # who opened and closed step 1
    assert 'data-step="1" data-state="closed"' in page
    assert reverse("reviews:build_list", args=[campaign.pk]) not in page  # no buttons to act
    group = ward_groups[0]
    meeting_url = reverse("reviews:meeting_create", args=[campaign.pk, group.pk])
    assert client.post(meeting_url, {}).status_code == 403
    assert not Meeting.objects.exists()


def test_the_officer_records_a_meeting_with_its_votes_and_prints_the_minutes(client, campaign, worker, ward_groups):
    through_list(campaign, worker, ward_groups)
    listed = entries(campaign)
    assess(listed["H-POOR"], income=1_500_000, deprived=POOR_DEPRIVED)
    client.force_login(worker)
    group = ward_groups[0]
    url = reverse("reviews:meeting_create", args=[campaign.pk, group.pk])
    form = client.get(url)
    vote = f"vote_{listed['H-POOR'].pk}"
    assert vote in form.context["form"].fields
    data = {
        "held_on": "10/10/2023",
        "place": "Nhà văn hóa TDP1",
        "chair": "Trần Văn Tổ",
        "secretary": "Lê Thị Thư",
        "attendees": "40",
        "attendee_list": "Đại diện 40 hộ",
        "front_representative": "Đặng Văn Giám",
        vote: "41",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert [e.code for e in refused.context["form"].errors.as_data()["__all__"]] == ["votes_over_attendees"]
    assert not Meeting.objects.exists()
    response = client.post(url, {**data, vote: "30"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    minutes = client.get(reverse("reviews:meeting", args=[campaign.pk, meeting.pk])).content.decode()
    assert 'data-code="H-POOR" data-agreed="yes"' in minutes and "75,00" in minutes
    assert "Đặng Văn Giám" in minutes and "từ 50% số người" in minutes
    # Two copies, each whole: the second is for the paper only (hidden on screen, its own page).
    assert minutes.count("data-copy=") == 2 and minutes.count('data-code="H-POOR"') == 2
    assert minutes.count('id="minutes"') == 1 and "d-print-block minutes-second-copy" in minutes


def test_closing_a_step_out_of_order_says_what_is_missing(client, campaign, worker):
    client.force_login(worker)
    url = reverse("reviews:close_step", args=[campaign.pk, Step.LIST])
    page = client.get(url)
    assert page.context["missing"]  # the list is empty
    response = client.post(url, {"closed_on": "10/09/2023"})
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == ["step_incomplete"]
    refused = client.post(reverse("reviews:close_step", args=[campaign.pk, Step.MEETING]), {"closed_on": "10/09/2023"})
    assert [e.code for e in refused.context["form"].errors.as_data()["__all__"]] == ["step_out_of_order"]


def test_leadership_recognises_and_the_lists_and_certificates_print(client, campaign, worker, ward_groups):
    through_posting(campaign, worker, ward_groups, near_result=3_500_000)
    leader = make_user("lanhdao", full_name="Nguyễn Thị Thùy Dung")
    client.force_login(leader)
    sent = client.post(
        reverse("reviews:submission_create", args=[campaign.pk]),
        {"kind": "official", "number": "120/BC-UBND", "sent_on": "10/11/2023"},
    )
    assert sent.status_code == 302
    closed = client.post(reverse("reviews:close_step", args=[campaign.pk, Step.REPORT]), {"closed_on": "10/11/2023"})
    assert closed.status_code == 302
    response = client.post(
        reverse("reviews:recognition_create", args=[campaign.pk]),
        {"number": "250/QĐ-UBND", "signed_on": "12/12/2023", "effective_on": "01/01/2024", "signer": "Trần Minh Khoa"},
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert campaign.recognition.outcomes.count() == 2
    poor = client.get(reverse("reviews:recognised_list", args=[campaign.pk, "poor"])).content.decode()
    assert 'data-code="H-POOR"' in poor and 'data-code="H-NEAR"' not in poor
    escaped = client.get(reverse("reviews:recognised_list", args=[campaign.pk, "escaped_near_poor"])).content.decode()
    assert 'data-code="H-NEAR"' in escaped
    certificates = client.get(reverse("reviews:certificates", args=[campaign.pk])).content.decode()
    assert "01/GCN-HN.HCN" in certificates and certificates.count('class="official-document certificate"') == 1
    assert campaign.entries.get(household__code="H-POOR").household.status_on(date(2024, 1, 1)) == Status.POOR


def test_the_campaign_page_reads_the_same_queries_for_two_households_or_twenty(
    client, campaign, worker, ward_groups, django_assert_num_queries
):
    services.build_list(campaign=campaign, by=worker)
    services.assign_reviewers(campaign=campaign, names={ward_groups[0]: "Rà soát viên"}, by=worker)
    client.force_login(worker)
    with CaptureQueriesContext(connection) as few:
        client.get(campaign.get_absolute_url())
    for number in range(18):
        household = make_household(code=f"H-{number:02d}", group=ward_groups[number % 2])
        make_decision(household, Status.POOR, date(2022, 1, 1))
    services.build_list(campaign=campaign, by=worker)
    assert campaign.entries.count() == 20
    with django_assert_num_queries(len(few)):
        assert client.get(campaign.get_absolute_url()).status_code == 200


def test_the_home_page_reminds_of_an_open_review_and_its_step(client, campaign, worker):
    client.force_login(worker)
    page = client.get(reverse("home")).content.decode()
    assert f'data-campaign="{campaign.pk}" data-step="1"' in page
    client.force_login(make_user("taichinh"))
    assert "reviews-open" not in client.get(reverse("home")).content.decode()


def test_the_help_page_explains_each_step_and_the_campaign_page_links_to_it(client, campaign):
    client.force_login(make_user("mattran"))
    help_page = client.get(reverse("reviews:help")).content.decode()
    assert all(f'id="step-{step}"' in help_page for step in range(1, 7))
    assert "từ 50% số người" in help_page
    assert reverse("reviews:help") + "#step-3" in client.get(campaign.get_absolute_url()).content.decode()


def test_the_officer_records_an_appeal_and_leadership_decides_it(client, campaign, worker, ward_groups):
    from reviews.models import Appeal, Outcome
    from tests.reviews.test_process import recognised

    leader = recognised(campaign, worker, ward_groups)
    outcome = Outcome.objects.get(entry__household__code="H-POOR")
    client.force_login(worker)
    response = client.post(
        reverse("reviews:appeal_create", args=[campaign.pk]),
        {"outcome": outcome.pk, "lodged_by": "Hộ liền kề", "lodged_on": "20/12/2023", "content": "Hộ có thu nhập cao"},
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert client.get(reverse("reviews:appeal_decide", args=[campaign.pk, appeal.pk])).status_code == 403
    client.force_login(leader)
    response = client.post(
        reverse("reviews:appeal_decide", args=[campaign.pk, appeal.pk]),
        {"decided_on": "27/12/2023", "result": "upheld", "answer": "Phúc tra: giữ nguyên"},
    )
    assert response.status_code == 302
    client.force_login(make_user("mattran"))
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-result="upheld"' in page and "Phúc tra: giữ nguyên" in page


def test_the_admin_shows_the_review_read_only(admin_client, campaign):
    assert admin_client.get(reverse("admin:reviews_campaign_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:reviews_campaign_add")).status_code == 403


def test_the_summary_table_is_the_same_on_the_page_in_excel_and_as_sent(client, campaign, worker, ward_groups):
    import io

    from openpyxl import load_workbook

    from tests.reviews.test_process import recognised

    recognised(campaign, worker, ward_groups)
    client.force_login(make_user("mattran"))
    url = reverse("reviews:summary", args=[campaign.pk])
    page = client.get(url, {"sent": "official"})
    whole = next(row for row in page.context["rows"] if row.get("total"))
    # households, poor/near-poor at the start, escaped poverty / near-poverty, new, poor/near-poor at the end
    assert whole["values"] == [2, 1, 1, 0, 1, 0, 0, 1, 0]
    book = load_workbook(io.BytesIO(client.get(url, {"sent": "official", "format": "xlsx"}).content))
    cells = [[c for c in r if c is not None] for r in book.active.iter_rows(values_only=True)]
    assert ["Toàn phường", *whole["values"]] in cells
    pdf = client.get(url, {"sent": "official", "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # As sent, the figures do not move when the register changes afterwards.
    campaign.entries.filter(household__code="H-NEAR").update(status_at_start="none")
    live = next(r for r in client.get(url).context["rows"] if r.get("total"))
    assert live["values"] != whole["values"]
    assert next(r for r in client.get(url, {"sent": "official"}).context["rows"] if r.get("total")) == whole


def test_a_refusal_is_shown_once(client, campaign, worker):
    client.force_login(worker)
    response = client.post(reverse("reviews:close_step", args=[campaign.pk, Step.MEETING]), {"closed_on": "10/09/2023"})
    assert response.content.decode().count('id="form-errors"') == 1


def test_a_household_sent_back_by_its_meeting_is_surveyed_again_from_the_campaign(
    client, campaign, worker, ward_groups
):
    from tests.reviews.conftest import meet
    from tests.reviews.test_process import entries, through_list

    through_list(campaign, worker, ward_groups)
    listed = entries(campaign)
    assess(listed["H-POOR"], income=1_500_000, deprived=POOR_DEPRIVED)
    meet(campaign, ward_groups[0], {listed["H-POOR"]: 5}, attendees=40)
    client.force_login(worker)
    page = client.get(campaign.get_absolute_url()).content.decode()
    url = reverse("reviews:entry_rescore", args=[campaign.pk, listed["H-POOR"].pk])
    assert url in page
    form = client.get(url).context["form"]
    assert form.fields["review_year"].disabled and "EMPLOYMENT" in dict(form.fields["deprived"].choices)
    response = client.post(
        url, {"assessed_on": "15/10/2023", "method": "income", "income": "1.500.000", "deprived": ["EMPLOYMENT"]}
    )
    assert response.status_code == 302, response.context["form"].errors
    again = entries(campaign)["H-POOR"]
    assert again.stage == "scored" and again.proposed_status == Status.NEAR_POOR


def test_the_score_link_opens_the_assessment_form_on_the_campaigns_review(client, campaign, worker, ward_groups):
    from tests.reviews.test_process import through_list

    through_list(campaign, worker, ward_groups)
    client.force_login(worker)
    page = client.get(campaign.get_absolute_url()).content.decode()
    link = reverse("households:assessment_create", args=["H-POOR"]) + "?review_kind=periodic&amp;review_year=2023"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).context["form"]
    assert (form.initial["review_kind"], str(form.initial["review_year"])) == ("periodic", "2023")
    surveyed = client.post(reverse("reviews:entry_surveyed", args=[campaign.pk, campaign.entries.first().pk]))
    assert surveyed.status_code == 302


def test_the_campaign_s_list_is_paged_and_an_act_on_an_entry_brings_the_officer_back_to_their_place(
    client, campaign, worker, ward_groups, monkeypatch
):
    from reviews import views

    monkeypatch.setattr(views, "ENTRIES_PER_PAGE", 2)
    first = ward_groups[0]
    for number in range(3):
        make_decision(make_household(code=f"H-EXTRA{number}", group=first), Status.POOR, date(2022, 1, 1))
    through_list(campaign, worker, ward_groups)
    client.force_login(worker)
    in_group = sorted(campaign.entries.filter(residential_group=first).values_list("household__code", flat=True))
    assert len(in_group) == 4
    pages = [client.get(campaign.get_absolute_url(), {"group": first.pk, "page": n}) for n in (1, 2)]
    shown = [[entry.household.code for entry in page.context["entries"]] for page in pages]
    assert shown == [in_group[:2], in_group[2:]]
    html = pages[0].content.decode()
    assert 'data-rows="1-2"' in html and f"?group={first.pk}&amp;page=2#entry-list" in html
    # "surveyed today" on page 2 of the group returns to page 2 of the group; nothing else is carried.
    entry = pages[1].context["entries"][0]
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2023, 9, 20))  # within the review
    action = reverse("reviews:entry_surveyed", args=[campaign.pk, entry.pk])
    assert f'action="{action}?group={first.pk}&amp;page=2"' in pages[1].content.decode()
    back = client.post(f"{action}?group={first.pk}&page=2&next=https://example.com")
    assert back["Location"] == f"{campaign.get_absolute_url()}?group={first.pk}&page=2#entry-list"
    assert campaign.entries.get(pk=entry.pk).surveyed_on is not None


def test_the_campaign_page_s_queries_do_not_grow_with_its_list(client, campaign, worker, ward_groups):
    services.build_list(campaign=campaign, by=worker)
    client.force_login(worker)
    with CaptureQueriesContext(connection) as few:
        client.get(campaign.get_absolute_url())
    for number in range(6):
        make_decision(
            make_household(code=f"H-MORE{number}", group=ward_groups[number % 2]), Status.POOR, date(2022, 1, 1)
        )
    services.build_list(campaign=campaign, by=worker)
    with CaptureQueriesContext(connection) as many:
        page = client.get(campaign.get_absolute_url())
    assert len(page.context["entries"]) == campaign.entries.count() > 6
    assert len(many) == len(few)
