"""Inlines of the back office are shown to organisation staff (who hold no Django model
permissions: the parent page decides), with the parent's write rules."""

import pytest

from tests.awards.factories import categories, nomination, open_round
from tests.finance.factories import make_finance

pytestmark = pytest.mark.django_db


def test_staff_see_a_village_finance_checklist_and_cannot_delete_its_rows(world, client):
    finance = make_finance(world.branch_a)
    client.force_login(world.staff)
    page = client.get(f"/admin/finance/villagefinance/{finance.pk}/change/").content.decode()
    assert "TOTAL_FORMS" in page and "DELETE" not in page


def test_staff_see_a_nominations_files_and_objections_read_only(world, client):
    round_ = open_round(world.township)
    n = nomination(round_, next(iter(categories(world.township).values())), member=world.member_a)
    client.force_login(world.staff)
    page = client.get(f"/admin/awards/nomination/{n.pk}/change/").content.decode()
    assert 'id="files-group"' in page and 'id="objections-group"' in page
    assert 'name="objections-TOTAL_FORMS"' not in page or 'value="0"' in page


@pytest.mark.parametrize("who", ["leader", "secretary_a"])
def test_others_still_do_not_reach_inlines(world, client, who):
    finance = make_finance(world.branch_a)
    client.force_login(getattr(world, who))
    assert client.get(f"/admin/finance/villagefinance/{finance.pk}/change/").status_code == 302
