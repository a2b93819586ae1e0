"""On a phone (390×844) the header stays small: the menu folds behind one button."""

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("who", ["staff", "secretary_a"])
def test_the_phone_header_takes_at_most_120_pixels_and_the_menu_opens(world, page_for, who):
    page = page_for(getattr(world, who), phone=True)
    page.goto("/")
    header = page.locator("header.topbar")
    assert header.bounding_box()["height"] <= 120
    assert not page.locator("nav.mainnav").is_visible()
    screenshot(page, f"phone-header-{who}")

    toggle = page.get_by_role("button", name="菜单")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    menu = page.locator("nav.mainnav")
    assert menu.is_visible()
    menu.get_by_role("link", name="党员", exact=True).click()
    page.wait_for_url("**/members/")


def test_the_desktop_header_shows_the_menu_without_a_button(world, page_for):
    page = page_for(world.staff)
    page.goto("/")
    assert page.locator("nav.mainnav").is_visible()
    assert not page.get_by_role("button", name="菜单").is_visible()
