"""Who gave or took away which role or permission, and when: kept whichever way it was changed."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from giamngheo.models import AccessChange
from tests.factories import ROLE_GROUPS, make_user

pytestmark = pytest.mark.django_db

FINANCE = ROLE_GROUPS["taichinh"]


@pytest.fixture
def admin_client(client):
    admin = make_user(username="quantri", full_name="Quản Trị Viên", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client, admin


def rows():
    return list(AccessChange.objects.order_by("pk").values_list("kind", "action", "holder", "access"))


def test_giving_and_taking_a_role_in_the_admin_is_recorded_with_who_did_it(admin_client):
    client, admin = admin_client
    officer = make_user(username="ketoan", full_name="Phạm Văn Hùng")
    AccessChange.objects.all().delete()
    url = reverse("admin:giamngheo_user_change", args=[officer.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {
            "groups": [Group.objects.get(name=FINANCE).pk],
            "user_permissions": [],
            "date_joined_0": "02/12/2026",
            "date_joined_1": "08:00:00",
            "unit": "",
        }
    )
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    data["groups"] = []
    client.post(url, data)
    assert rows() == [
        ("role", "granted", "Phạm Văn Hùng (ketoan)", FINANCE),
        ("role", "withdrawn", "Phạm Văn Hùng (ketoan)", FINANCE),
    ]
    assert set(AccessChange.objects.values_list("changed_by", flat=True)) == {admin.pk}


def test_roles_changed_from_either_side_and_cleared_are_recorded():
    officer = make_user(username="canbo")
    group = Group.objects.get(name=FINANCE)
    AccessChange.objects.all().delete()
    group.user_set.add(officer)
    officer.groups.clear()
    assert rows() == [("role", "granted", "canbo", FINANCE), ("role", "withdrawn", "canbo", FINANCE)]
    assert AccessChange.objects.filter(changed_by__isnull=True).count() == 2  # not from a request: "system"


def test_permissions_of_a_role_and_of_an_account_are_recorded():
    officer = make_user(username="canbo")
    group = Group.objects.get(name=FINANCE)
    permission = Permission.objects.get(codename="view_citizen_id")
    AccessChange.objects.all().delete()
    group.permissions.add(permission)
    officer.user_permissions.add(permission)
    access = f"households.view_citizen_id – {permission.name}"
    assert rows() == [("role_permission", "granted", FINANCE, access), ("permission", "granted", "canbo", access)]


def test_account_settings_that_give_access_are_recorded_and_logins_are_not():
    officer = make_user(username="canbo")
    AccessChange.objects.all().delete()
    officer.is_staff = True
    officer.save()
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    officer.full_name = "Tên mới"
    officer.save()
    officer.save(update_fields=["last_login"])
    assert [(kind, action) for kind, action, _, _ in rows()] == [("flag", "granted"), ("flag", "withdrawn")]


def test_leadership_reads_the_log_and_others_may_not(client):
    make_user(username="canbo").groups.add(Group.objects.get(name=FINANCE))
    client.force_login(make_user("lanhdao"))
    page = client.get(reverse("access_changes"))
    assert page.status_code == 200
    assert "canbo" in page.content.decode()
    client.force_login(make_user("ldtbxh"))
    assert client.get(reverse("access_changes")).status_code == 403
