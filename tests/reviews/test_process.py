"""The six steps of Quyết định 24/2021/QĐ-TTg Art. 4, in order, each refused when taken out of turn."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from giamngheo.models import ResidentialGroup
from households.models import Household, StatusDecision
from households.status import Status
from monitoring.indicators import compute, households_for
from reviews import services
from reviews.models import Complaint, Entry, Outcome, Recognition, Stage, Step, StepClosure
from tests.factories import make_decision, make_group, make_household, make_review, make_user
from tests.reviews.conftest import POOR_DEPRIVED, assess, meet

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return sorted(e.code for errors in error.error_dict.values() for e in errors)
    return sorted(e.code for e in error.error_list)


def entries(campaign) -> dict[str, Entry]:
    return {e.household.code: e for e in campaign.entries.with_progress().select_related("household")}


def through_list(campaign, worker, ward_groups):
    services.build_list(campaign=campaign, by=worker)
    for group in ward_groups:
        services.assign_reviewers(campaign=campaign, names={group: "Rà soát viên"}, by=worker)
    services.close_step(campaign=campaign, step=Step.LIST, closed_on=date(2023, 9, 10), by=worker)


def through_meetings(campaign, worker, ward_groups, *, near_result=2_500_000):
    through_list(campaign, worker, ward_groups)
    listed = entries(campaign)
    assess(listed["H-POOR"], income=1_500_000, deprived=POOR_DEPRIVED)
    assess(listed["H-NEAR"], income=near_result)
    services.close_step(campaign=campaign, step=Step.SURVEY, closed_on=date(2023, 10, 1), by=worker)
    first, second = ward_groups
    meet(campaign, first, {listed["H-POOR"]: 30})
    meet(campaign, second, {listed["H-NEAR"]: 25})
    services.close_step(campaign=campaign, step=Step.MEETING, closed_on=date(2023, 10, 20), by=worker)


def through_posting(campaign, worker, ward_groups, **kwargs):
    through_meetings(campaign, worker, ward_groups, **kwargs)
    services.record_posting(
        campaign=campaign, residential_group=None, place="Trụ sở UBND phường", starts_on=date(2023, 10, 23),
        announced_on=date(2023, 10, 23), by=worker,
    )  # fmt: skip
    for group in ward_groups:
        services.record_posting(
            campaign=campaign, residential_group=group, place="Nhà văn hóa", starts_on=date(2023, 10, 23),
            announced_on=None, by=worker,
        )  # fmt: skip
    services.close_step(campaign=campaign, step=Step.POSTING, closed_on=date(2023, 10, 30), by=worker)


def test_the_list_holds_the_households_on_a_list_at_the_start_and_those_who_asked(campaign, worker):
    """Art. 4.1: the poor and near-poor the ward manages, and the households that filed Mẫu số 01."""
    asking = make_household("Phạm Thị Đơn", code="H-ASK")
    services.record_request(
        household=asking,
        form="01",
        received_on=date(2023, 8, 20),
        channel="online",
        applicant="Phạm Thị Đơn",
        by=worker,
    )
    assert services.build_list(campaign=campaign, by=worker) == 3
    listed = entries(campaign)
    assert sorted(listed) == ["H-ASK", "H-NEAR", "H-POOR"]
    assert listed["H-ASK"].reason == Entry.Reason.REQUEST and listed["H-POOR"].status_at_start == Status.POOR
    # Building again after a late request only adds it.
    late = make_household("Võ Văn Muộn", code="H-LATE")
    services.record_request(
        household=late, form="01", received_on=date(2023, 9, 5), channel="in_person", applicant="Võ Văn Muộn", by=worker
    )
    assert services.build_list(campaign=campaign, by=worker) == 1


def test_a_listed_household_that_asks_to_leave_has_its_request_taken_by_this_review(campaign, worker):
    """A poor household's Mẫu số 04 is reviewed with it, and never waits for the next review."""
    poor = Household.objects.get(code="H-POOR")
    request = services.record_request(
        household=poor, form="04", received_on=date(2023, 8, 25), channel="in_person", applicant="Chủ hộ", by=worker
    )
    services.build_list(campaign=campaign, by=worker)
    entry = entries(campaign)["H-POOR"]
    assert entry.reason == Entry.Reason.ON_LIST and entry.request_id == request.pk
    assert not services.requests_for(campaign).exists()


def test_a_household_added_by_hand_needs_a_reason(campaign, worker):
    extra = make_household("Đỗ Văn Thêm", code="H-ADD")
    with pytest.raises(ValidationError) as refused:
        services.add_entry(campaign=campaign, household=extra, note="  ", by=worker)
    assert codes(refused.value) == ["reason_required"]
    entry = services.add_entry(campaign=campaign, household=extra, note="Chủ hộ mất việc tháng 8", by=worker)
    assert entry.reason == Entry.Reason.ADDED


def test_steps_close_in_order_and_a_closed_step_takes_no_more_work(campaign, worker, ward_groups):
    with pytest.raises(ValidationError) as refused:
        services.close_step(campaign=campaign, step=Step.SURVEY, closed_on=date(2023, 9, 10), by=worker)
    assert codes(refused.value) == ["step_out_of_order"]
    services.build_list(campaign=campaign, by=worker)
    with pytest.raises(ValidationError) as refused:
        services.close_step(campaign=campaign, step=Step.LIST, closed_on=date(2023, 9, 10), by=worker)
    assert codes(refused.value) == ["step_incomplete"]  # no reviewer in either group: one line names both
    assert all(str(group) in refused.value.messages[0] for group in ward_groups)
    through_list_after_build = ward_groups
    for group in through_list_after_build:
        services.assign_reviewers(campaign=campaign, names={group: "Rà soát viên"}, by=worker)
    services.close_step(campaign=campaign, step=Step.LIST, closed_on=date(2023, 9, 10), by=worker)
    with pytest.raises(ValidationError) as refused:
        services.add_entry(campaign=campaign, household=make_household(code="H-X"), note="muộn", by=worker)
    assert codes(refused.value) == ["step_closed"]
    with pytest.raises(ValidationError) as refused:
        services.close_step(campaign=campaign, step=Step.SURVEY, closed_on=date(2023, 10, 1), by=worker)
    assert codes(refused.value) == ["step_incomplete"]  # nobody is scored yet


def test_under_half_agreeing_sends_the_household_back_to_the_survey_and_a_new_meeting(campaign, worker, ward_groups):
    """Art. 4.3: agreement of at least 50% of attendees; under it, review again and meet again."""
    through_list(campaign, worker, ward_groups)
    listed = entries(campaign)
    assess(listed["H-POOR"], income=1_500_000, deprived=POOR_DEPRIVED)
    first, _second = ward_groups
    meet(campaign, first, {listed["H-POOR"]: 19}, attendees=40)
    assert entries(campaign)["H-POOR"].stage == Stage.RESCORE
    with pytest.raises(ValidationError) as refused:
        meet(campaign, first, {listed["H-POOR"]: 30})
    assert codes(refused.value) == ["nothing_to_vote"]  # not re-scored yet
    services.rescore(
        entry=listed["H-POOR"], assessed_on=date(2023, 10, 15), deprived=POOR_DEPRIVED[:2], income=1_500_000,
        score_a=None, score_b=None, by=worker,
    )  # fmt: skip
    again = entries(campaign)["H-POOR"]
    assert again.stage == Stage.SCORED and again.proposed_status == Status.NEAR_POOR
    meet(campaign, first, {listed["H-POOR"]: 20}, attendees=40, day=date(2023, 10, 20))  # exactly half
    assert entries(campaign)["H-POOR"].stage == Stage.AGREED
    # The first scores are kept in the assessment's history.
    assessment = listed["H-POOR"].household.assessments.get()
    assert assessment.result == "near_poor"
    assert assessment.history.earliest().result == "poor"


def test_a_meeting_votes_on_every_household_awaiting_it_and_never_more_than_attend(campaign, worker, ward_groups):
    through_list(campaign, worker, ward_groups)
    listed = entries(campaign)
    assess(listed["H-POOR"], income=1_500_000, deprived=POOR_DEPRIVED)
    first, second = ward_groups
    with pytest.raises(ValidationError) as refused:
        meet(campaign, first, {listed["H-POOR"]: 41}, attendees=40)
    assert codes(refused.value) == ["votes_over_attendees"]
    with pytest.raises(ValidationError) as refused:
        meet(campaign, first, {listed["H-POOR"]: 30, listed["H-NEAR"]: 30})
    assert codes(refused.value) == ["votes_incomplete"]
    with pytest.raises(ValidationError) as refused:
        meet(campaign, second, {listed["H-NEAR"]: 30})
    assert codes(refused.value) == ["nothing_to_vote"]  # H-NEAR is not scored


def test_a_posting_lasts_the_configured_working_days(settings):
    """Posting from Friday 03/11/2023 for 3 working days ends on Tuesday 07/11/2023."""
    assert services.posting_end(date(2023, 11, 3)) == date(2023, 11, 7)
    settings.GIAMNGHEO_REVIEW_POSTING_WORKING_DAYS = 5
    assert services.posting_end(date(2023, 11, 4)) == date(2023, 11, 10)  # a Saturday: counted from Monday


def test_the_posting_step_cannot_close_with_a_complaint_unanswered(campaign, worker, ward_groups):
    through_meetings(campaign, worker, ward_groups)
    for group in [None, *ward_groups]:
        services.record_posting(
            campaign=campaign, residential_group=group, place="Nhà văn hóa", starts_on=date(2023, 10, 23),
            announced_on=None, by=worker,
        )  # fmt: skip
    near = entries(campaign)["H-NEAR"]
    complaint = services.record_complaint(
        entry=near, lodged_by="Hộ liền kề", lodged_on=date(2023, 10, 24), content="Hộ có xe tải mới", by=worker
    )
    with pytest.raises(ValidationError) as refused:
        services.close_step(campaign=campaign, step=Step.POSTING, closed_on=date(2023, 10, 30), by=worker)
    assert codes(refused.value) == ["step_incomplete"]
    with pytest.raises(ValidationError) as refused:
        services.answer_complaint(
            complaint=complaint, answered_on=date(2023, 10, 20), outcome="changed", new_status="", answer="", by=worker
        )
    assert codes(refused.value) == ["answer_before_complaint", "required", "required"]
    services.answer_complaint(
        complaint=complaint, answered_on=date(2023, 10, 26), outcome=Complaint.Outcome.CHANGED,
        new_status=Status.NONE, answer="Phúc tra: thu nhập 3,2 triệu đồng/người/tháng", by=worker,
    )  # fmt: skip
    assert entries(campaign)["H-NEAR"].proposed_status == Status.NONE
    services.close_step(campaign=campaign, step=Step.POSTING, closed_on=date(2023, 10, 30), by=worker)


def test_the_posting_step_waits_for_the_posting_to_end(campaign, worker, ward_groups):
    through_meetings(campaign, worker, ward_groups)
    for group in [None, *ward_groups]:
        services.record_posting(
            campaign=campaign, residential_group=group, place="Nhà văn hóa", starts_on=date(2023, 10, 23),
            announced_on=None, by=worker,
        )  # fmt: skip
    with pytest.raises(ValidationError) as refused:  # 23/10 + 3 working days = 25/10
        services.close_step(campaign=campaign, step=Step.POSTING, closed_on=date(2023, 10, 25), by=worker)
    assert codes(refused.value) == ["step_incomplete"]
    services.close_step(campaign=campaign, step=Step.POSTING, closed_on=date(2023, 10, 26), by=worker)


def test_recognition_creates_every_households_decision_at_once(campaign, worker, ward_groups):
    """Art. 4.6: the chairman's decision recognises the poor, near-poor and escaped lists in one act."""
    through_posting(campaign, worker, ward_groups, near_result=3_500_000)  # near-poor household escapes
    leader = make_user("lanhdao")
    services.submit(campaign=campaign, kind="official", number="120/BC-UBND", sent_on=date(2023, 11, 10), by=leader)
    services.close_step(campaign=campaign, step=Step.REPORT, closed_on=date(2023, 11, 10), by=leader)
    recognition = services.recognise(
        campaign=campaign, number="250/QĐ-UBND", signed_on=date(2023, 12, 12), effective_on=date(2024, 1, 1),
        signer="Chủ tịch Trần Minh Khoa", by=leader,
    )  # fmt: skip
    outcomes = {o.entry.household.code: o for o in recognition.outcomes.select_related("entry__household")}
    assert outcomes["H-POOR"].status == Status.POOR and outcomes["H-POOR"].certificate == "01/GCN-HN.HCN"
    assert outcomes["H-NEAR"].status == Status.NONE and outcomes["H-NEAR"].certificate == ""
    assert [o.entry.household.code for o in Outcome.objects.on_list("escaped_near_poor")] == ["H-NEAR"]
    # The register now says what the decision says, from its effective date on, and not before.
    poor, near = Household.objects.get(code="H-POOR"), Household.objects.get(code="H-NEAR")
    assert (poor.status_on(date(2024, 1, 1)), near.status_on(date(2024, 1, 1))) == (Status.POOR, Status.NONE)
    assert near.status_on(date(2023, 12, 31)) == Status.NEAR_POOR
    assert StatusDecision.objects.filter(number="250/QĐ-UBND").count() == 2
    assert StepClosure.objects.filter(campaign=campaign, step=Step.RECOGNITION).exists()


def test_a_refused_recognition_leaves_nothing_behind(campaign, worker, ward_groups):
    through_posting(campaign, worker, ward_groups)
    leader = make_user("lanhdao")
    services.submit(campaign=campaign, kind="official", number="120/BC-UBND", sent_on=date(2023, 11, 10), by=leader)
    services.close_step(campaign=campaign, step=Step.REPORT, closed_on=date(2023, 11, 10), by=leader)
    # A decision of that number already exists for one household: the whole recognition fails.
    from tests.factories import make_decision

    make_decision(Household.objects.get(code="H-NEAR"), Status.NEAR_POOR, date(2023, 12, 1), number="250/QĐ-UBND")
    before = StatusDecision.objects.count()
    with pytest.raises(ValidationError):
        services.recognise(
            campaign=campaign, number="250/QĐ-UBND", signed_on=date(2023, 12, 12), effective_on=date(2024, 1, 1),
            signer="Chủ tịch Trần Minh Khoa", by=leader,
        )  # fmt: skip
    assert StatusDecision.objects.count() == before
    assert not Recognition.objects.exists() and not Outcome.objects.exists()
    assert not StepClosure.objects.filter(step=Step.RECOGNITION).exists()


def test_a_regular_review_answers_in_writing_each_household_that_does_not_qualify(client, worker, ward_groups):
    """Art. 5: a household that does not qualify gets a written reply with the reasons."""
    first, second = ward_groups
    asking = make_household("Phạm Thị Đơn", code="H-ASK", group=first)
    services.record_request(
        household=asking, form="01", received_on=date(2023, 3, 10), channel="post", applicant="Phạm Thị Đơn", by=worker
    )
    campaign = services.open_campaign(review=make_review(2023, kind="regular", month=3), by=worker)
    services.build_list(campaign=campaign, by=worker)
    services.assign_reviewers(campaign=campaign, names={first: "Rà soát viên"}, by=worker)
    services.close_step(campaign=campaign, step=Step.LIST, closed_on=date(2023, 3, 15), by=worker)
    entry = entries(campaign)["H-ASK"]
    assess(entry, income=3_500_000, day=date(2023, 3, 16))
    services.close_step(campaign=campaign, step=Step.SURVEY, closed_on=date(2023, 3, 16), by=worker)
    meet(campaign, first, {entry: 30}, day=date(2023, 3, 18))
    services.close_step(campaign=campaign, step=Step.MEETING, closed_on=date(2023, 3, 18), by=worker)
    for group in (None, first):
        services.record_posting(
            campaign=campaign, residential_group=group, place="Nhà văn hóa", starts_on=date(2023, 3, 20),
            announced_on=None, by=worker,
        )  # fmt: skip
    services.close_step(campaign=campaign, step=Step.POSTING, closed_on=date(2023, 3, 23), by=worker)
    leader = make_user("lanhdao")
    with pytest.raises(ValidationError) as refused:
        services.submit(campaign=campaign, kind="official", number="1/BC", sent_on=date(2023, 3, 24), by=leader)
    assert codes(refused.value) == ["kind_invalid"]
    services.submit(campaign=campaign, kind="regular", number="1/BC", sent_on=date(2023, 3, 24), by=leader)
    services.close_step(campaign=campaign, step=Step.REPORT, closed_on=date(2023, 3, 24), by=leader)
    with pytest.raises(ValidationError) as refused:
        services.recognise(
            campaign=campaign, number="30/QĐ-UBND", signed_on=date(2023, 3, 27), effective_on=date(2023, 3, 27),
            signer="Chủ tịch", by=leader,
        )  # fmt: skip
    assert codes(refused.value) == ["reply_missing"]
    recognition = services.recognise(
        campaign=campaign, number="30/QĐ-UBND", signed_on=date(2023, 3, 27), effective_on=date(2023, 3, 27),
        signer="Chủ tịch", replies={entry.pk: "Thu nhập 3.500.000 đồng/người/tháng, trên chuẩn cận nghèo"}, by=leader,
    )  # fmt: skip
    outcome = recognition.outcomes.get()
    assert outcome.status == Status.NONE and outcome.decision is None and outcome.reply.startswith("Thu nhập")
    # The letter prints for the household, with its request and the reasons; the Front reads it.
    client.force_login(make_user("mattran"))
    letter = client.get(reverse("reviews:replies", args=[campaign.pk])).content.decode()
    assert letter.count('class="official-document official-portrait reply-letter"') == 1
    assert 'data-code="H-ASK"' in letter and "10/03/2023" in letter and "trên chuẩn cận nghèo" in letter


def test_the_summary_sent_equals_a_count_made_in_sql(campaign, worker, ward_groups):
    """Step 5's figures, recomputed from the tables with SQL, not through the service."""
    through_posting(campaign, worker, ward_groups, near_result=3_500_000)
    leader = make_user("lanhdao")
    sent = services.submit(campaign=campaign, kind="preliminary", number="1/BC", sent_on=date(2023, 11, 1), by=leader)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT SUM(CASE WHEN status_at_start = 'poor' THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN status_at_start = 'near_poor' THEN 1 ELSE 0 END)"
            " FROM reviews_entry WHERE campaign_id = %s",
            [campaign.pk],
        )
        poor_start, near_start = cursor.fetchone()
        cursor.execute(
            "SELECT a.result FROM reviews_entry e JOIN households_assessment a"
            " ON a.household_id = e.household_id AND a.review_id = %s WHERE e.campaign_id = %s",
            [campaign.review_id, campaign.pk],
        )
        results = sorted(row[0] for row in cursor.fetchall())
    assert (sent.summary["poor_start"], sent.summary["near_poor_start"]) == (poor_start, near_start) == (1, 1)
    assert results == ["not_poor", "poor"]
    assert sent.summary["poor_end"] == results.count("poor")
    assert sent.summary["escaped_near_poor"] == 1 and sent.summary["new_poor"] == 0
    # The figures as sent do not move when the register changes afterwards.
    make_household("Hộ mới", code="H-NEW")
    sent.refresh_from_db()
    assert sent.summary["households"] == 2


def test_a_regular_review_lists_only_the_households_that_asked(worker, ward_groups, campaign):
    """Art. 5: the monthly review applies steps 2–4 to the households that filed Mẫu 01 or Mẫu 04."""
    asking = make_household("Phạm Thị Đơn", code="H-ASK", group=ward_groups[0])
    services.record_request(
        household=asking, form="01", received_on=date(2023, 3, 10), channel="post", applicant="Phạm Thị Đơn", by=worker
    )
    regular = services.open_campaign(review=make_review(2023, kind="regular", month=3), by=worker)
    assert services.build_list(campaign=regular, by=worker) == 1
    assert sorted(entries(regular)) == ["H-ASK"]


def recognised(campaign, worker, ward_groups):
    through_posting(campaign, worker, ward_groups, near_result=3_500_000)
    leader = make_user("lanhdao")
    services.submit(campaign=campaign, kind="official", number="120/BC-UBND", sent_on=date(2023, 11, 10), by=leader)
    services.close_step(campaign=campaign, step=Step.REPORT, closed_on=date(2023, 11, 10), by=leader)
    services.recognise(
        campaign=campaign, number="250/QĐ-UBND", signed_on=date(2023, 12, 12), effective_on=date(2023, 12, 12),
        signer="Chủ tịch Trần Minh Khoa", by=leader,
    )  # fmt: skip
    return leader


def test_an_appeal_against_the_decision_changes_the_status_only_by_a_new_decision(campaign, worker, ward_groups):
    leader = recognised(campaign, worker, ward_groups)
    outcome = Outcome.objects.get(entry__household__code="H-NEAR")
    with pytest.raises(ValidationError) as refused:
        services.record_appeal(
            outcome=outcome, lodged_by="Trần Thị Cận", lodged_on=date(2023, 12, 1), content="x", by=worker
        )
    assert codes(refused.value) == ["appeal_before_decision"]
    appeal = services.record_appeal(
        outcome=outcome, lodged_by="Trần Thị Cận", lodged_on=date(2023, 12, 20), content="Chồng mất việc tháng 11",
        by=worker,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.decide_appeal(appeal=appeal, decided_on=date(2023, 12, 28), result="changed", answer="", by=leader)
    assert codes(refused.value) == ["required", "required", "required"]
    services.decide_appeal(
        appeal=appeal, decided_on=date(2023, 12, 28), result="changed", new_status=Status.NEAR_POOR,
        number="260/QĐ-UBND", answer="Phúc tra: thu nhập giảm còn 1,8 triệu đồng", by=leader,
    )  # fmt: skip
    household = Household.objects.get(code="H-NEAR")
    assert household.status_on(date(2023, 12, 27)) == Status.NONE
    assert household.status_on(date(2023, 12, 28)) == Status.NEAR_POOR
    with pytest.raises(ValidationError) as refused:
        services.decide_appeal(appeal=appeal, decided_on=date(2023, 12, 29), result="upheld", answer="x", by=leader)
    assert codes(refused.value) == ["already_decided"]


def test_the_years_monitoring_report_counts_what_the_recognition_decided(campaign, worker, ward_groups):
    """The review drives the report: the decision's lists are the report's figures for its year."""
    through_posting(campaign, worker, ward_groups, near_result=3_500_000)  # the near-poor household escapes
    leader = make_user("lanhdao")
    services.submit(campaign=campaign, kind="official", number="120/BC-UBND", sent_on=date(2023, 11, 10), by=leader)
    services.close_step(campaign=campaign, step=Step.REPORT, closed_on=date(2023, 11, 10), by=leader)
    before = compute(date(2024, 1, 1), date(2024, 12, 31), 2024)["poverty"]
    services.recognise(
        campaign=campaign, number="250/QĐ-UBND", signed_on=date(2023, 12, 12), effective_on=date(2024, 1, 1),
        signer="Chủ tịch Trần Minh Khoa", by=leader,
    )  # fmt: skip
    poverty = compute(date(2024, 1, 1), date(2024, 12, 31), 2024)["poverty"]
    assert (before["escaped_near_poverty"], before["near_poor_end"]) == (0, 1)
    assert (poverty["escaped_near_poverty"], poverty["near_poor_end"], poverty["poor_end"]) == (1, 0, 1)
    # The households behind the figure are the ones the decision moved off the near-poor list.
    escaped = households_for("escaped_near_poverty", date(2024, 1, 1), date(2024, 12, 31))
    assert list(escaped.values_list("code", flat=True)) == ["H-NEAR"]
    assert list(Outcome.objects.on_list("escaped_near_poor").values_list("entry__household__code", flat=True)) == [
        "H-NEAR"
    ]
    # The year before keeps its figures: the decision takes effect on 01/01/2024.
    assert compute(date(2023, 1, 1), date(2023, 12, 31), 2023)["poverty"]["near_poor_end"] == 1


def test_a_step_s_missing_groups_are_one_line_naming_ten_and_counting_the_rest(campaign, worker, ward_groups):
    unit = ward_groups[0].unit
    for number in range(12):
        group = make_group(unit=unit, code=f"TDP-X{number:02d}", name=f"Tổ X{number:02d}")
        make_decision(make_household(code=f"H-X{number}", group=group), Status.POOR, date(2022, 1, 1))
    services.build_list(campaign=campaign, by=worker)
    (line,) = services.missing_for_closing(campaign, Step.LIST, date(2023, 9, 10))
    groups = [*ward_groups, *ResidentialGroup.objects.filter(code__startswith="TDP-X")]
    assert line.startswith("14 ") and " 4 " in line
    assert sum(str(group) in line for group in groups) == 10
