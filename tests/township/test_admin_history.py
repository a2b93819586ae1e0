"""The back office's history page reads in Chinese: field labels, 无 for nothing, choice
labels and related rows by name, never a raw "None" or a code name."""

from branches.models import Branch
from members.models import Member


def test_the_history_page_names_fields_and_values_in_chinese(world, client):
    member = world.member_a
    member.name = "张三丰"
    member.standing = Member.Standing.SUSPENDED
    member.branch = world.branch_b
    member.save()
    client.force_login(world.staff)

    page = client.get(f"/admin/members/member/{member.pk}/history/").content.decode()

    assert "修改内容" in page and "修改原因" in page
    assert "CHANGES" not in page and "Changes" not in page
    assert ">None<" not in page and "None\n" not in page
    # Labels, not code names; choice labels; related rows by name.
    assert "姓名：" in page and "name:" not in page
    assert "None" not in page.split("change-history", 1)[1]
    assert str(Member.Standing.SUSPENDED.label) in page
    assert f"{world.branch_a.name}" in page and f"{world.branch_b.name}" in page
    assert Branch._meta.get_field("name").verbose_name  # sanity: labels exist
