"""Issue 14 item 3: behind a proxy nobody can lock anyone out; staff clear their own
township's lockouts; the lockout message says how long to wait."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from township.client_ip import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Aa123456"


def fail(client, username, times, **headers):
    for _ in range(times):
        client.post(
            "/accounts/login/", {"username": username, "password": "wrong"}, headers=headers
        )


def login(client, username, **headers):
    return client.post(
        "/accounts/login/", {"username": username, "password": PASSWORD}, headers=headers
    )


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_configured_proxy_forwarded_headers_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("10.0.0.9", "1.2.3.4")) == "10.0.0.9"


def test_behind_one_proxy_the_client_is_the_last_forwarded_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "6.6.6.6"; the proxy appended the real address 1.2.3.4.
    assert client_ip(request_from("10.0.0.1", "6.6.6.6, 1.2.3.4")) == "1.2.3.4"


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2")) == "1.2.3.4"


def test_a_missing_or_garbled_forwarded_header_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.1", "1.2.3.4")) == "10.0.0.1"
    assert client_ip(request_from("10.0.0.1")) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.1", "not-an-address")) == "10.0.0.1"


def test_behind_the_proxy_an_attacker_cannot_lock_out_another_client(world, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    fail(client, "zuzhi", settings.AXES_FAILURE_LIMIT + 1, x_forwarded_for="6.6.6.6")
    assert login(client, "zuzhi", x_forwarded_for="6.6.6.6").status_code == 429
    client.logout()
    response = login(client, "zuzhi", x_forwarded_for="1.2.3.4")
    assert response.status_code == 302, response.status_code


def test_without_a_proxy_a_forged_header_does_not_escape_the_lock(world, client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    fail(client, "zuzhi", settings.AXES_FAILURE_LIMIT, x_forwarded_for="6.6.6.6")
    assert login(client, "zuzhi", x_forwarded_for="1.2.3.4").status_code == 429


def test_the_lockout_message_says_how_long_to_wait(world, client, settings):
    fail(client, "shuji_a", settings.AXES_FAILURE_LIMIT)
    response = login(client, "shuji_a")
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"{minutes} 分钟后再试" in response.content.decode()


def test_staff_see_only_their_own_townships_locked_accounts(world, client, as_user, settings):
    fail(client, "shuji_a", settings.AXES_FAILURE_LIMIT)
    fail(client, "other_staff", settings.AXES_FAILURE_LIMIT)
    fail(client, "nobody", settings.AXES_FAILURE_LIMIT)
    page = as_user(world.staff).get("/accounts/lockouts/").content.decode()
    assert "shuji_a" in page
    assert "other_staff" not in page and "nobody" not in page
    other = as_user(world.other_staff).get("/accounts/lockouts/").content.decode()
    assert "other_staff" in other and "shuji_a" not in other


def test_staff_unlock_their_own_townships_account(world, client, as_user, settings):
    fail(client, "shuji_a", settings.AXES_FAILURE_LIMIT)
    staff = as_user(world.staff)
    response = staff.post("/accounts/lockouts/clear/", {"username": "shuji_a"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="shuji_a").exists()
    staff.logout()
    assert login(client, "shuji_a").status_code == 302


def test_staff_cannot_unlock_another_townships_or_a_role_less_account(
    world, client, as_user, settings
):
    fail(client, "other_staff", settings.AXES_FAILURE_LIMIT)
    fail(client, "nobody", settings.AXES_FAILURE_LIMIT)
    staff = as_user(world.staff)
    assert staff.post("/accounts/lockouts/clear/", {"username": "other_staff"}).status_code == 404
    assert staff.post("/accounts/lockouts/clear/", {"username": "nobody"}).status_code == 404
    assert staff.post("/accounts/lockouts/clear/", {"username": ""}).status_code == 404
    assert AccessAttempt.objects.filter(username__in=["other_staff", "nobody"]).count() == 2


def test_leadership_and_secretaries_cannot_unlock(world, client, as_user, settings):
    fail(client, "shuji_b", settings.AXES_FAILURE_LIMIT)
    for user in (world.leader, world.secretary_a):
        response = as_user(user).post("/accounts/lockouts/clear/", {"username": "shuji_b"})
        assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="shuji_b").exists()


def test_the_lockout_list_costs_the_same_queries_for_one_row_or_many(
    world, client, as_user, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fail(client, "shuji_a", 1)
    staff = as_user(world.staff)
    with CaptureQueriesContext(connection) as one:
        staff.get("/accounts/lockouts/")
    client.logout()
    for name in ("shuji_b", "lingdao", "zuzhi"):
        fail(client, name, 1)
    staff = as_user(world.staff)
    with CaptureQueriesContext(connection) as many:
        page = staff.get("/accounts/lockouts/").content.decode()
    assert "lingdao" in page
    assert len(many) == len(one)
