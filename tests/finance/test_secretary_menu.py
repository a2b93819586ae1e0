"""A secretary whose village is not under a finance rectification is not offered an empty
财务整治 page; one whose village is, is."""

from .factories import make_finance

FINANCE_LINK = 'href="/finance/"'


def test_a_secretary_outside_the_rectification_gets_no_menu_item(world, as_user):
    page = as_user(world.secretary_a).get("/").content.decode()
    assert FINANCE_LINK not in page


def test_their_finance_page_explains_instead_of_an_empty_year_menu(world, as_user):
    page = as_user(world.secretary_a).get("/finance/").content.decode()
    assert "不在本乡后进村财务整治范围内" in page
    assert '<select name="year"' not in page


def test_the_secretary_of_a_village_under_rectification_gets_it(world, as_user):
    make_finance(world.branch_a)
    client = as_user(world.secretary_a)
    assert FINANCE_LINK in client.get("/").content.decode()
    page = client.get("/finance/").content.decode()
    assert world.branch_a.name in page and "不在本乡" not in page


def test_staff_and_leadership_always_have_it(world, as_user):
    for who in (world.staff, world.leader):
        assert FINANCE_LINK in as_user(who).get("/").content.decode()
    # Staff with no rectification yet still get the page with the start button.
    page = as_user(world.staff).get("/finance/").content.decode()
    assert "不在本乡" not in page and "/finance/new/" in page
