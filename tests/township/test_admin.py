import pytest

from branches.models import Branch
from members.models import Member

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "/admin/",
    "/admin/township/township/",
    "/admin/township/user/",
    "/admin/branches/branch/",
    "/admin/branches/branchgrade/",
    "/admin/branches/rectification/",
    "/admin/members/member/",
]


@pytest.mark.parametrize("url", CHANGELISTS)
def test_staff_open_the_back_office_in_chinese(world, client, url):
    client.force_login(world.staff)
    response = client.get(url)
    assert response.status_code == 200
    assert 'lang="zh-hans"' in response.content.decode()


@pytest.mark.parametrize("who", ["leader", "secretary_a", "nobody"])
def test_others_are_kept_out_of_the_back_office(world, client, who):
    client.force_login(getattr(world, who))
    response = client.get("/admin/members/member/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_see_only_their_township(world, client):
    client.force_login(world.staff)
    page = client.get("/admin/members/member/").content.decode()
    assert "张三" in page and "王五" not in page
    assert client.get(f"/admin/members/member/{world.member_x.pk}/change/").status_code == 404
    assert client.get(f"/admin/branches/branch/{world.branch_x.pk}/change/").status_code == 404


def test_other_townships_branches_are_not_offered(world, client):
    client.force_login(world.staff)
    page = client.get("/admin/members/member/add/").content.decode()
    assert "甲村党支部" in page and "外乡党支部" not in page


def test_members_and_branches_are_not_deleted(world, client):
    client.force_login(world.staff)
    assert client.get(f"/admin/members/member/{world.member_a.pk}/delete/").status_code == 403
    assert client.get(f"/admin/branches/branch/{world.branch_a.pk}/delete/").status_code == 403


def test_a_change_keeps_its_history_with_who_and_the_old_value(world, client):
    client.force_login(world.staff)
    member = world.member_a
    data = {
        f: getattr(member, f)
        for f in [
            "name",
            "gender",
            "ethnicity",
            "id_number",
            "education",
            "category",
            "job",
            "phone",
            "address",
            "standing",
        ]
    }
    data.update(
        branch=member.branch_id,
        birth_date="1970-05-06",
        joined_on="1995-07-01",
        full_member_on="1996-07-01",
        name="张三丰",
        seen_version=client.get(f"/admin/members/member/{member.pk}/change/")
        .context["adminform"]
        .form["seen_version"]
        .value(),
    )
    response = client.post(f"/admin/members/member/{member.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest, previous = Member.history.filter(id=member.pk).order_by("-history_id")[:2]
    assert (latest.name, previous.name) == ("张三丰", "张三")
    assert latest.history_user == world.staff
    page = client.get(f"/admin/members/member/{member.pk}/history/").content.decode()
    assert "zuzhi" in page


def test_staff_cannot_make_a_superuser(world, client):
    client.force_login(world.staff)
    page = client.get(f"/admin/township/user/{world.secretary_a.pk}/change/").content.decode()
    assert "is_superuser" not in page
    assert client.get(f"/admin/township/user/{world.other_staff.pk}/change/").status_code == 404


def test_branch_choices_in_the_branch_admin(world, client):
    client.force_login(world.staff)
    assert Branch.objects.count() == 3
    page = client.get("/admin/branches/branch/").content.decode()
    assert "甲村党支部" in page and "外乡党支部" not in page


def test_filters_offer_only_the_staffs_branches(world, client):
    client.force_login(world.staff)
    page = client.get("/admin/members/member/").content.decode()
    assert "乙村党支部" in page and "外乡党支部" not in page


def test_staff_reset_a_secretarys_password_without_seeing_it(world, client):
    from township.models import User

    client.force_login(world.staff)
    url = f"/admin/township/user/{world.secretary_a.pk}/password/"
    page = client.get(url).content.decode()
    assert "pw-Aa123456" not in page and world.secretary_a.password not in page
    response = client.post(
        url,
        {
            "password1": "Qingshan-2016!new",
            "password2": "Qingshan-2016!new",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.secretary_a.pk).check_password("Qingshan-2016!new")
    # The change page shows no password, only the hash's summary.
    change = client.get(f"/admin/township/user/{world.secretary_a.pk}/change/").content.decode()
    assert "Qingshan-2016!new" not in change
    # Another township's user is not there for this staff member.
    assert client.get(f"/admin/township/user/{world.other_staff.pk}/password/").status_code == 404


def test_staff_cannot_change_an_account_that_also_serves_another_township(world, client):
    from township.models import Role

    Role.objects.create(
        user=world.secretary_a, kind=Role.Kind.LEADER, township=world.other_township
    )
    county = world.nobody
    Role.objects.create(user=county, kind=Role.Kind.COUNTY, county="云溪县")
    client.force_login(world.staff)
    assert client.get(f"/admin/township/user/{world.secretary_a.pk}/change/").status_code == 404
    assert client.get(f"/admin/township/user/{county.pk}/change/").status_code == 404
    assert client.get(f"/admin/township/user/{world.secretary_b.pk}/change/").status_code == 200


def test_the_member_list_shows_current_members_by_default(world, client):
    import datetime

    from tests.factories import MemberFactory

    MemberFactory(
        branch=world.branch_a,
        name="已转出",
        left_on=datetime.date(2016, 1, 1),
        leave_reason="transfer",
    )
    MemberFactory(branch=world.branch_a, name="预备甲", full_member_on=None)
    client.force_login(world.staff)
    default = client.get("/admin/members/member/").content.decode()
    assert "张三" in default and "已转出" not in default
    left = client.get("/admin/members/member/?current=left").content.decode()
    assert "已转出" in left and "张三" not in left
    probationary = client.get("/admin/members/member/?current=probationary").content.decode()
    assert "预备甲" in probationary and "张三" not in probationary
    assert "已转出" in client.get("/admin/members/member/?current=all").content.decode()


def test_the_branch_list_shows_active_branches_by_default(world, client):
    import datetime

    world.branch_b.dissolved_on = datetime.date(2016, 1, 1)
    world.branch_b.save()
    client.force_login(world.staff)
    assert "乙村党支部" not in client.get("/admin/branches/branch/").content.decode()
    assert "乙村党支部" in client.get("/admin/branches/branch/?status=dissolved").content.decode()
