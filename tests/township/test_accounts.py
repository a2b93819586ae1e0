"""Issue 14 item 5: an account without a role belongs to no township, so only a superuser
sees and changes it; staff create accounts for their own township only."""

import pytest

from township.models import Role, User

pytestmark = pytest.mark.django_db


def add_form(township=None, branch=None, kind="", username="xinren"):
    data = {
        "username": username,
        "full_name": "新人",
        "password1": "Qingshan-2016!x",
        "password2": "Qingshan-2016!x",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-kind": kind,
        "roles-0-township": township.pk if township else "",
        "roles-0-branch": branch.pk if branch else "",
    }
    return data


@pytest.mark.parametrize("page", ["change", "password", "history"])
def test_staff_cannot_open_a_role_less_account(world, client, page):
    client.force_login(world.staff)
    assert client.get(f"/admin/township/user/{world.nobody.pk}/{page}/").status_code == 404


def test_staff_cannot_rename_or_deactivate_a_role_less_account(world, client):
    client.force_login(world.staff)
    response = client.post(
        f"/admin/township/user/{world.nobody.pk}/change/",
        {
            "username": "taken",
            "is_active": "",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 404
    world.nobody.refresh_from_db()
    assert world.nobody.username == "nobody" and world.nobody.is_active


def test_the_staff_account_list_leaves_out_role_less_accounts(world, client):
    client.force_login(world.staff)
    page = client.get("/admin/township/user/").content.decode()
    assert "shuji_a" in page and ">nobody<" not in page


def test_a_superuser_sees_and_changes_a_role_less_account(world, client):
    root = User.objects.create_superuser("root", password="x-Root-2016!")
    client.force_login(root)
    assert client.get(f"/admin/township/user/{world.nobody.pk}/change/").status_code == 200
    assert ">nobody<" in client.get("/admin/township/user/").content.decode()


def test_staff_cannot_create_an_account_without_a_role(world, client):
    client.force_login(world.staff)
    response = client.post("/admin/township/user/add/", add_form())
    assert response.status_code == 200
    assert not User.objects.filter(username="xinren").exists()


def test_staff_cannot_create_an_account_for_another_township(world, client):
    client.force_login(world.staff)
    response = client.post(
        "/admin/township/user/add/", add_form(world.other_township, kind=Role.Kind.LEADER)
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="xinren").exists()


def test_staff_create_an_account_for_their_own_township(world, client):
    client.force_login(world.staff)
    response = client.post(
        "/admin/township/user/add/",
        add_form(world.township, world.branch_a, kind=Role.Kind.SECRETARY),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="xinren")
    assert list(user.roles.values_list("township", "branch")) == [
        (world.township.pk, world.branch_a.pk)
    ]


def test_staff_cannot_strip_the_last_role_from_an_account(world, client):
    role = world.secretary_b.roles.get()
    client.force_login(world.staff)
    response = client.post(
        f"/admin/township/user/{world.secretary_b.pk}/change/",
        {
            "username": "shuji_b",
            "full_name": "",
            "email": "",
            "is_active": "on",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "1",
            "roles-MIN_NUM_FORMS": "1",
            "roles-MAX_NUM_FORMS": "1000",
            "roles-0-id": role.pk,
            "roles-0-user": world.secretary_b.pk,
            "roles-0-kind": role.kind,
            "roles-0-township": role.township_id,
            "roles-0-branch": role.branch_id,
            "roles-0-DELETE": "on",
        },
    )
    assert response.status_code == 200
    assert world.secretary_b.roles.exists()
