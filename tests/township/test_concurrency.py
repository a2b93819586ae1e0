"""No lost updates in the back office: the second of two overlapping saves is refused."""

import threading

import pytest
from django.db import connection, connections

from members.models import Member

pytestmark = pytest.mark.django_db

FIELDS = ["name", "gender", "ethnicity", "id_number", "education", "category", "job", "phone", "address", "standing"]


def form_data(member, **changes):
    data = {f: getattr(member, f) for f in FIELDS}
    data.update(
        branch=member.branch_id,
        birth_date=member.birth_date.isoformat(),
        joined_on=member.joined_on.isoformat(),
        full_member_on=member.full_member_on.isoformat() if member.full_member_on else "",
    )
    data.update(changes)
    return data


def opened_version(client, member) -> int:
    response = client.get(f"/admin/members/member/{member.pk}/change/")
    return response.context["adminform"].form["seen_version"].value()


def test_the_second_save_is_refused_and_shown_the_current_state(world, client):
    from django.test import Client

    url = f"/admin/members/member/{world.member_a.pk}/change/"
    first, second = Client(), Client()
    first.force_login(world.staff)
    second.force_login(world.staff)
    version_first = opened_version(first, world.member_a)
    version_second = opened_version(second, world.member_a)

    response = first.post(url, form_data(world.member_a, name="张三丰", seen_version=version_first))
    assert response.status_code == 302

    response = second.post(url, form_data(world.member_a, phone="13900000000", seen_version=version_second))
    assert response.status_code == 200
    page = response.content.decode()
    assert "已被他人" in page and "张三丰" in page  # told, and shown what the other saved
    member = Member.objects.get(pk=world.member_a.pk)
    assert (member.name, member.phone) == ("张三丰", "13800001234")

    # Having seen the current state, a second save goes through.
    again = response.context["adminform"].form["seen_version"].value()
    response = second.post(url, form_data(member, phone="13900000000", seen_version=again))
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).phone == "13900000000"


def test_a_form_without_its_version_is_refused(world, client):
    client.force_login(world.staff)
    response = client.post(f"/admin/members/member/{world.member_a.pk}/change/", form_data(world.member_a, name="改"))
    assert response.status_code == 200
    assert Member.objects.get(pk=world.member_a.pk).name == "张三"


@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_at_once_cannot_both_win(world):
    """Two real database connections: while the first holds the row (between its check and
    its save), the second waits, then finds the version changed and is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers anyway")
    from django.test import Client

    url = f"/admin/members/member/{world.member_a.pk}/change/"
    clients = [Client(), Client()]
    versions = []
    for c in clients:
        c.force_login(world.staff)
        versions.append(opened_version(c, world.member_a))

    from township import concurrency

    in_first_save = threading.Event()
    release_first = threading.Event()
    original_clean = concurrency.VersionGuardForm.clean

    def slow_clean(self):
        cleaned = original_clean(self)
        if self.cleaned_data.get("name") == "第一":
            in_first_save.set()
            release_first.wait(timeout=10)
        return cleaned

    concurrency.VersionGuardForm.clean = slow_clean
    results = {}

    def save(index, name):
        try:
            results[index] = clients[index].post(url, form_data(world.member_a, name=name, seen_version=versions[index])).status_code
        finally:
            connections.close_all()

    try:
        t1 = threading.Thread(target=save, args=(0, "第一"))
        t1.start()
        assert in_first_save.wait(timeout=10)
        t2 = threading.Thread(target=save, args=(1, "第二"))
        t2.start()
        t2.join(timeout=1)
        assert t2.is_alive()  # blocked on the row lock while the first save is under way
        release_first.set()
        t1.join(timeout=10)
        t2.join(timeout=10)
    finally:
        concurrency.VersionGuardForm.clean = original_clean
    assert results == {0: 302, 1: 200}
    assert Member.objects.get(pk=world.member_a.pk).name == "第一"
