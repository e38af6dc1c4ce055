"""A realistic, deterministic demo ward: phường Phước Hải (Nha Trang, Khánh Hòa).

Everything here is invented except the place names, the 2023 plan's signatory and
the 01/07/2025 merger into phường Nam Nha Trang. Unit codes are placeholders.
"""

import random

from django.db import transaction

from home.demo.campaigns import build_campaigns
from home.demo.people import People, build_households
from home.demo.programme import build_budget, build_projects
from home.demo.province import PROVINCE_USERS, build_second_commune
from home.demo.reviews import build_reviews
from home.demo.ward import DEMO_PASSWORD, USERS, build_units, build_users

__all__ = ["DEMO_PASSWORD", "PROVINCE_USERS", "USERS", "build_demo_ward"]


@transaction.atomic
def build_demo_ward(households: int = 3000, seed: int = 2023) -> dict:
    rng = random.Random(seed)
    ward = build_units()
    users = build_users()
    people = People(rng)
    created, hardship = build_households(ward, households, rng, people)
    status, ever_listed = build_reviews(created, hardship, rng, users["ldtbxh"], ward)
    build_campaigns(created, hardship, status, ever_listed, rng, users)
    build_projects(users, rng)
    build_budget(users)
    users.update(build_second_commune(rng, people, max(households // 10, 20)))
    return users
