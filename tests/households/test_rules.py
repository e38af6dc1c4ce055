"""The register's rules, each defined once: its SQL side and its Python side agree everywhere."""

import itertools
from datetime import date, timedelta

import pytest

from households import deprivations, services
from households.ages import ELDERLY_AGE, age_on, is_working_age, retirement_date, younger_than_q
from households.choices import Employment
from households.models import Household, Member, StatusDecision
from households.priority import PRIORITY_GROUPS
from households.status import (
    TRANSITIONS,
    Status,
    add_months,
    escape,
    recent_escape_cutoff,
    recent_escape_last_day,
)
from tests.factories import make_household, make_member, make_user

ONE_DAY = timedelta(days=1)


def days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


# --- The recently-escaped window -------------------------------------------------


@pytest.mark.parametrize(
    "escaped_on, last_day",
    [
        (date(2024, 2, 29), date(2027, 2, 27)),  # 29/02 has no twin in 2027: the window ends with February
        (date(2024, 2, 28), date(2027, 2, 27)),
        (date(2024, 3, 1), date(2027, 2, 28)),
        (date(2023, 2, 28), date(2026, 2, 27)),
        (date(2023, 3, 31), date(2026, 3, 30)),
        (date(2023, 5, 31), date(2026, 5, 30)),
        (date(2023, 12, 31), date(2026, 12, 30)),
        (date(2023, 3, 15), date(2026, 3, 14)),
    ],
)
def test_last_day_of_the_window_is_the_day_before_the_same_date_36_months_on(escaped_on, last_day):
    assert recent_escape_last_day(escaped_on) == last_day


@pytest.mark.parametrize(
    "day, cutoff",
    [
        (date(2027, 2, 28), date(2024, 3, 1)),  # the escape of 29/02/2024 has left the window
        (date(2027, 2, 27), date(2024, 2, 28)),
        (date(2023, 2, 28), date(2020, 3, 1)),  # and so has the escape of 29/02/2020
        (date(2024, 2, 29), date(2021, 3, 1)),
        (date(2024, 2, 28), date(2021, 3, 1)),
        (date(2026, 3, 31), date(2023, 4, 1)),
        (date(2026, 4, 30), date(2023, 5, 1)),
        (date(2026, 12, 31), date(2024, 1, 1)),
        (date(2026, 3, 15), date(2023, 3, 16)),
    ],
)
def test_cutoff_is_the_earliest_escape_still_recent(day, cutoff):
    assert recent_escape_cutoff(day) == cutoff


@pytest.mark.parametrize(
    "day, cutoff",
    [
        (date(2023, 2, 28), date(2023, 2, 1)),  # 29, 30 and 31 January all end on 28/02
        (date(2023, 3, 30), date(2023, 3, 1)),  # 28/02 ends on 28/03
        (date(2024, 2, 29), date(2024, 2, 1)),
        (date(2024, 3, 31), date(2024, 3, 1)),
    ],
)
def test_cutoff_of_a_one_month_window_at_month_ends(settings, day, cutoff):
    settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS = 1
    assert recent_escape_cutoff(day) == cutoff


@pytest.mark.parametrize("months", [1, 12, 24, 36, 60])
def test_cutoff_and_last_day_agree_on_every_day_of_several_years(settings, months):
    settings.GIAMNGHEO_RECENT_ESCAPE_MONTHS = months
    # 2019-2029 holds the leap years 2020, 2024 and 2028.
    for day in days(date(2019, 1, 1), date(2029, 12, 31)):
        cutoff = recent_escape_cutoff(day)
        assert recent_escape_last_day(cutoff) >= day, day
        assert recent_escape_last_day(cutoff - ONE_DAY) < day, day
    for escaped_on in days(date(2019, 1, 1), date(2029, 12, 31)):
        last_day = recent_escape_last_day(escaped_on)
        assert recent_escape_cutoff(last_day) <= escaped_on < recent_escape_cutoff(last_day + ONE_DAY), escaped_on


@pytest.mark.django_db
def test_list_counts_an_escape_of_29_february_until_the_page_says(settings):
    household = make_household()
    by = make_user()
    for status, day in [(Status.POOR, date(2022, 1, 10)), (Status.NONE, date(2024, 2, 29))]:
        StatusDecision.objects.create(
            household=household, status=status, effective_on=day, number=str(day), signed_on=day, signer="x",
            recorded_by=by, previous_status=Status.POOR if status == Status.NONE else Status.NONE,
        )  # fmt: skip
    # Written without services.record_decision, so the stored status is derived here.
    services.refresh_status(Household.objects.filter(pk=household.pk))
    last_day = recent_escape_last_day(date(2024, 2, 29))
    assert last_day == date(2027, 2, 27)

    def listed(day):
        return Household.objects.with_status_on(day).in_status("recently_escaped", day).exists()

    assert listed(last_day)
    assert not listed(last_day + ONE_DAY)


# --- Transitions and the escape -------------------------------------------------

COMBINATIONS = list(itertools.product(Status.values, Status.values, [False, True]))


@pytest.fixture
def every_combination(db):
    """One decision for each (previous_status, status, ever_poor_before)."""
    household = make_household()
    by = make_user()
    day = date(2023, 1, 1)
    return [
        StatusDecision.objects.create(
            household=household,
            status=status,
            previous_status=previous,
            ever_poor_before=ever_poor,
            effective_on=day,
            signed_on=day,
            number=f"{n}/QĐ",
            signer="x",
            recorded_by=by,
        )
        for n, (previous, status, ever_poor) in enumerate(COMBINATIONS)
    ]


@pytest.mark.parametrize("means", ["both_lists", "poor_list"])
def test_every_transition_and_the_escape_agree_in_python_and_in_sql(settings, every_combination, means):
    settings.GIAMNGHEO_ESCAPE_MEANS = means
    rules = {**TRANSITIONS, "escape": escape()}
    for name, rule in rules.items():
        in_sql = set(StatusDecision.objects.filter(rule.q()).values_list("pk", flat=True))
        in_python = {d.pk for d in every_combination if rule.matches(d.previous_status, d.status, d.ever_poor_before)}
        assert in_sql == in_python, name
    in_sql = set(StatusDecision.objects.filter(StatusDecision.escape_q()).values_list("pk", flat=True))
    assert in_sql == {d.pk for d in every_combination if d.is_escape()}


def test_the_timeline_names_exactly_the_transition_the_sql_finds(every_combination):
    for decision in every_combination:
        found = [name for name, rule in TRANSITIONS.items() if StatusDecision.objects.filter(rule.q(), pk=decision.pk)]
        expected = [] if decision.transition() == "unchanged" else [decision.transition()]
        assert found == expected, (decision.previous_status, decision.status, decision.ever_poor_before)
        assert (decision.transition() == "unchanged") == (decision.previous_status == decision.status)


@pytest.mark.parametrize(
    "means, escapes",
    [
        ("both_lists", {(Status.POOR, Status.NONE), (Status.NEAR_POOR, Status.NONE)}),
        ("poor_list", {(Status.POOR, Status.NONE), (Status.POOR, Status.NEAR_POOR)}),
    ],
)
def test_escape_follows_the_setting(settings, means, escapes):
    settings.GIAMNGHEO_ESCAPE_MEANS = means
    found = {(p, s) for p, s, ever_poor in COMBINATIONS if escape().matches(p, s, ever_poor)}
    assert found == escapes


# --- Ages and priority groups -------------------------------------------------------


@pytest.mark.parametrize(
    "born, day, age",
    [
        (date(2008, 2, 29), date(2024, 2, 28), 15),
        (date(2008, 2, 29), date(2024, 2, 29), 16),
        (date(2009, 2, 28), date(2025, 2, 28), 16),
        (date(2000, 2, 29), date(2015, 2, 28), 14),  # a 29/02 birthday counts from 01/03 in other years
        (date(2000, 2, 29), date(2015, 3, 1), 15),
        (date(1990, 12, 31), date(2025, 12, 30), 34),
    ],
)
def test_age_in_completed_years(born, day, age):
    assert age_on(born, day) == age


@pytest.mark.parametrize(
    "born, sex, last_day",
    [
        # Men (Nghị định 135/2020/NĐ-CP, Phụ lục I): 60 before 2021, then 3 months more a year up to 62.
        (date(1960, 12, 20), "M", date(2020, 12, 31)),
        (date(1961, 1, 5), "M", date(2021, 4, 30)),  # the decree's own example: retires at the end of 04/2021
        (date(1961, 9, 30), "M", date(2021, 12, 31)),  # 60 y 3 m, the last month reaching it in 2021
        (date(1961, 10, 1), "M", date(2022, 4, 30)),  # 60 y 3 m would fall in 2022: 60 y 6 m
        (date(1963, 3, 15), "M", date(2023, 12, 31)),  # 60 y 9 m
        (date(1963, 4, 15), "M", date(2024, 4, 30)),  # 61 y
        (date(1966, 3, 31), "M", date(2027, 12, 31)),  # 61 y 9 m
        (date(1966, 4, 1), "M", date(2028, 4, 30)),  # 62 from 2028
        (date(1990, 2, 28), "M", date(2052, 2, 29)),
        # Women: 55 before 2021, then 4 months more a year up to 60.
        (date(1965, 12, 31), "F", date(2020, 12, 31)),
        (date(1966, 1, 20), "F", date(2021, 5, 31)),  # the decree's own example: the end of 05/2021
        (date(1966, 8, 31), "F", date(2021, 12, 31)),  # 55 y 4 m
        (date(1966, 9, 1), "F", date(2022, 5, 31)),  # 55 y 8 m
        (date(1968, 12, 1), "F", date(2025, 8, 31)),  # 56 y 8 m
        (date(1975, 4, 30), "F", date(2034, 12, 31)),  # 59 y 8 m
        (date(1975, 5, 1), "F", date(2035, 5, 31)),  # 60 from 2035
    ],
)
def test_retirement_date_follows_the_schedule_of_decree_135_2020(born, sex, last_day):
    """Bộ luật Lao động 2019, Art. 169.2; Nghị định 135/2020/NĐ-CP, Art. 3.1 ("kết thúc ngày cuối cùng
    của tháng đủ tuổi nghỉ hưu") and Art. 4 with Phụ lục I."""
    assert retirement_date(born, sex) == last_day


@pytest.mark.parametrize(
    "born, sex, day, expected",
    [
        (date(2010, 6, 2), "F", date(2025, 6, 1), False),  # 14 (Bộ luật Lao động 2019, Art. 3)
        (date(2010, 6, 2), "F", date(2025, 6, 2), True),  # 15 today
        (date(1961, 3, 15), "M", date(2021, 6, 30), True),  # reaches 60 y 3 m in 06/2021: works to its end
        (date(1961, 3, 15), "M", date(2021, 7, 1), False),
        (date(1961, 4, 15), "M", date(2021, 7, 1), True),  # a man born a month later still works
        (date(1967, 6, 1), "F", date(2024, 1, 1), False),  # a woman of 56 y 7 m has retired (56 y in 2023)
        (date(1967, 6, 1), "M", date(2024, 1, 1), True),  # a man of the same age has not
    ],
)
def test_working_age_is_from_15_to_the_end_of_the_retirement_month(born, sex, day, expected):
    """Bộ luật Lao động 2019, Art. 3 and 169; Nghị định 135/2020/NĐ-CP."""
    assert is_working_age(born, sex, day) is expected


def test_elderly_is_60_for_everyone():
    """Luật Người cao tuổi 2009, Art. 2: "từ đủ 60 tuổi trở lên", whatever the retirement age."""
    assert ELDERLY_AGE == 60


@pytest.mark.django_db
def test_younger_than_in_sql_agrees_with_age_on_for_every_birth_date():
    household = make_household()
    births = list(days(date(2007, 12, 1), date(2009, 3, 31)))
    Member.objects.bulk_create(
        Member(household=household, full_name="x", date_of_birth=born, entered_on=born, sex="M", relation="child")
        for born in births
    )
    members = Member.objects.filter(household=household).exclude(relation="head")
    for day in [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2025, 2, 28), date(2025, 3, 1)]:
        in_sql = set(members.filter(younger_than_q(16, day)).values_list("date_of_birth", flat=True))
        assert in_sql == {born for born in births if age_on(born, day) < 16}, day


@pytest.mark.django_db
def test_every_priority_group_agrees_in_python_and_in_sql():
    household = make_household()
    for fields in [
        {"merit": "person"},
        {"ethnicity": "02"},
        {"disability": "severe"},
        {"relation": "spouse", "sex": "F"},
        {"date_of_birth": date(2008, 2, 29)},
        {"date_of_birth": date(2008, 3, 1)},
        {"date_of_birth": date(2008, 2, 28)},
        {"date_of_birth": date(2015, 6, 1)},
    ]:
        make_member(household, **fields)
    members = list(Member.objects.filter(household=household))
    for day in [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]:
        for key, group in PRIORITY_GROUPS.items():
            in_sql = set(Member.objects.filter(group.member_q(day), household=household).values_list("pk", flat=True))
            in_python = {m.pk for m in members if group.applies(m, day)}
            assert in_sql == in_python and in_sql, (key, day)


@pytest.mark.parametrize(
    "age, sex, suggested",
    [(14, "M", False), (15, "M", True), (60, "M", True), (62, "M", False), (55, "F", True), (58, "F", False)],
)
def test_employment_is_suggested_for_working_age_members_from_15(age, sex, suggested):
    """Bộ luật Lao động 2019, Art. 3 and 169 (Nghị định 135/2020/NĐ-CP): from 15 up to retirement, which
    in 2024 is 61 for a man and 56 y 4 m for a woman, for this indicator too."""
    day = date(2024, 6, 1)
    member = Member(date_of_birth=add_months(day, -12 * age), sex=sex, employment=Employment.UNEMPLOYED)
    rules = {"EMPLOYMENT": "working_age_without_contract"}
    assert ("EMPLOYMENT" in deprivations.suggest(rules, [member], day)) is suggested
