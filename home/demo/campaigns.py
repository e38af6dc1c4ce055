"""The demo ward's reviews worked through the process of Quyết định 24/2021: the periodic review
of 2025, finished and recognised, and the regular review of August 2026, at its meetings."""

from datetime import date

from django.db.models import Q

from home.demo.reviews import _measure, _next_status
from households import services as household_services
from households.models import Household, PovertyStandard, Review, Status
from reviews import services
from reviews.models import Complaint, Step, Submission

ATTENDEES = "Ban Chỉ đạo rà soát phường\nCông chức LĐTBXH\nBí thư chi bộ, các đoàn thể\nĐại diện các hộ gia đình"
CHAIRS = ["Nguyễn Văn Tâm", "Trần Thị Mai", "Lê Quang Phúc", "Phạm Văn Sơn", "Huỳnh Thị Lệ"]
REVIEWERS = ["Nguyễn Văn Bảo", "Trần Thị Cúc", "Lê Văn Đức", "Phạm Thị Giang", "Võ Văn Hải"]


def _score(entry, rng, status, standard, day, by, *, replace=False):
    income, codes = _measure(rng, status, standard)
    return household_services.record_assessment(
        household=entry.household,
        review=entry.campaign.review,
        assessed_on=day,
        deprived=codes,
        income=income,
        score_a=None,
        score_b=None,
        replace=replace,
        by=by,
    )


def _list_and_reviewers(campaign, officer, closed_on):
    services.build_list(campaign=campaign, by=officer)
    groups = {e.residential_group for e in campaign.entries.select_related("residential_group")}
    names = {
        group: REVIEWERS[index % len(REVIEWERS)] for index, group in enumerate(sorted(groups, key=lambda g: g.code))
    }
    services.assign_reviewers(campaign=campaign, names=names, by=officer)
    services.close_step(campaign=campaign, step=Step.LIST, closed_on=closed_on, by=officer)


def _meet(campaign, group, day, officer, agreeing):
    awaiting = [e for e in campaign.entries.filter(residential_group=group).with_progress() if e.stage == "scored"]
    attendees = 30 + len(awaiting)
    return services.record_meeting(
        campaign=campaign,
        residential_group=group,
        held_on=day,
        place=f"Nhà văn hóa {group.name}",
        chair=CHAIRS[int(group.code[-2:]) % len(CHAIRS)],
        secretary="Lê Thị Thư",
        attendees=attendees,
        attendee_list=ATTENDEES,
        front_representative="Đặng Văn Giám",
        votes={e.pk: agreeing(e, attendees) for e in awaiting},
        by=officer,
    )


def build_campaigns(households, hardship, status, ever_listed, rng, users) -> None:
    officer, leader = users["ldtbxh"], users["lanhdao"]
    index_of = {household.pk: index for index, household in enumerate(households)}
    review = household_services.get_or_create_review(Review.Kind.PERIODIC, 2025)
    standard = PovertyStandard.objects.prefetch_related("indicators").get(pk=review.standard_id)
    after = {}
    for index, household in enumerate(households):
        if not household.in_ward_on(review.ends_on):
            continue
        after[index] = _next_status(rng, status[index], index in ever_listed, hardship[index])
        if status[index] == Status.NONE and after[index] != Status.NONE:
            head = household.head_name
            services.record_request(
                household=household, form="01", received_on=date(2025, 8, rng.randint(4, 29)),
                channel=rng.choice(["in_person", "in_person", "post", "online"]), applicant=head, by=officer,
            )  # fmt: skip
        elif status[index] != Status.NONE and after[index] == Status.NONE and rng.random() < 0.5:
            services.record_request(
                household=household, form="04", received_on=date(2025, 8, rng.randint(4, 29)),
                channel="in_person", applicant=household.head_name, by=officer,
            )  # fmt: skip

    campaign = services.open_campaign(review=review, by=officer)
    _list_and_reviewers(campaign, officer, date(2025, 9, 12))
    entries = list(campaign.entries.select_related("household", "residential_group"))
    for entry in entries:
        _score(entry, rng, after[index_of[entry.household_id]], standard, date(2025, 10, rng.randint(1, 20)), officer)
    services.close_step(campaign=campaign, step=Step.SURVEY, closed_on=date(2025, 10, 22), by=officer)
    groups = sorted({e.residential_group for e in entries}, key=lambda g: g.code)
    # One household of the first group is not agreed at its meeting, surveyed again and agreed at a second.
    disputed = next(e for e in entries if e.residential_group == groups[0])
    for group in groups:
        _meet(campaign, group, date(2025, 10, 25), officer, lambda e, n: n // 3 if e.pk == disputed.pk else n - 2)
    services.rescore(
        entry=disputed, assessed_on=date(2025, 10, 28), deprived=[], income=2_600_000, score_a=None, score_b=None,
        note="Rà soát lại sau họp dân ngày 25/10/2025", by=officer,
    )  # fmt: skip
    _meet(campaign, groups[0], date(2025, 10, 31), officer, lambda e, n: n - 1)
    services.close_step(campaign=campaign, step=Step.MEETING, closed_on=date(2025, 11, 1), by=officer)
    services.record_posting(
        campaign=campaign, residential_group=None, place="Trụ sở UBND phường Nam Nha Trang",
        starts_on=date(2025, 11, 3), announced_on=date(2025, 11, 3), by=officer,
    )  # fmt: skip
    for group in groups:
        services.record_posting(
            campaign=campaign, residential_group=group, place=f"Nhà văn hóa {group.name}",
            starts_on=date(2025, 11, 3), announced_on=None, by=officer,
        )  # fmt: skip
    complained = next(e for e in entries if e.residential_group == groups[1])
    complaint = services.record_complaint(
        entry=complained, lodged_by="Hộ liền kề", lodged_on=date(2025, 11, 4),
        content="Đề nghị xem lại: hộ mới mua xe máy.", by=officer,
    )  # fmt: skip
    services.answer_complaint(
        complaint=complaint, answered_on=date(2025, 11, 6), outcome=Complaint.Outcome.CONFIRMED, new_status="",
        answer="Phúc tra ngày 06/11/2025: xe máy cũ, thu nhập không đổi; giữ nguyên kết quả.", by=officer,
    )  # fmt: skip
    services.close_step(campaign=campaign, step=Step.POSTING, closed_on=date(2025, 11, 7), by=officer)
    services.submit(
        campaign=campaign, kind=Submission.Kind.PRELIMINARY, number="412/BC-UBND", sent_on=date(2025, 11, 10), by=leader
    )
    services.submit(
        campaign=campaign, kind=Submission.Kind.OFFICIAL, number="455/BC-UBND", sent_on=date(2025, 12, 8), by=leader
    )
    services.close_step(campaign=campaign, step=Step.REPORT, closed_on=date(2025, 12, 8), by=leader)
    services.recognise(
        campaign=campaign, number="425/QĐ-UBND", signed_on=date(2025, 12, 12), effective_on=date(2025, 12, 12),
        signer="Chủ tịch Trần Minh Khoa", by=leader,
    )  # fmt: skip
    _regular_in_progress(households, rng, officer)


def _regular_in_progress(households, rng, officer) -> None:
    """August 2026: two requests, both scored, one group met; the other's meeting is still to come."""
    review = household_services.get_or_create_review(Review.Kind.REGULAR, 2026, 8)
    candidates = (
        Household.objects.in_ward_on(review.starts_on)
        .with_status_on(review.starts_on)
        .filter(Q(status_on=Status.NONE) | Q(status_on__isnull=True))
        .order_by("residential_group__code", "code")
    )
    first_group = candidates.first().residential_group
    asking = [
        candidates.filter(residential_group=first_group).first(),
        candidates.exclude(residential_group=first_group).first(),
    ]
    for household, day in zip(asking, (date(2026, 8, 10), date(2026, 8, 14)), strict=True):
        services.record_request(
            household=household, form="01", received_on=day, channel="online", applicant=household.head_name, by=officer
        )
    campaign = services.open_campaign(review=review, by=officer)
    _list_and_reviewers(campaign, officer, date(2026, 8, 17))
    standard = PovertyStandard.objects.prefetch_related("indicators").get(pk=review.standard_id)
    entries = list(campaign.entries.select_related("household", "residential_group"))
    for entry, status in zip(entries, (Status.NEAR_POOR, Status.POOR), strict=False):
        _score(entry, rng, status, standard, date(2026, 8, 19), officer)
    _meet(campaign, entries[0].residential_group, date(2026, 8, 21), officer, lambda e, n: n - 3)
