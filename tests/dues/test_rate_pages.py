"""Dues rate tables in the front office: everyone with a role reads them; the township's
staff add and correct them on ordinary pages (bands contiguous, rates positive, Chinese
messages, nothing saved on bad input), through versioned forms, with history."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dues.demo import BANDS
from dues.models import RateBand, RateTable

from .factories import make_table

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)


def _version(client, url) -> str:
    return str(client.get(url).context["form"]["seen_version"].value())


def _post(version, bands=BANDS, **over) -> dict:
    data = {
        "title": "党费收缴标准（2017）",
        "valid_from": "2017-01-01",
        "basis": "中组发〔2008〕3号",
        "seen_version": version,
        "band-TOTAL_FORMS": str(len(bands) + 1),
        "band-INITIAL_FORMS": "0",
        "band-MIN_NUM_FORMS": "0",
        "band-MAX_NUM_FORMS": "60",
    }
    for i, (category, above, up_to, pct, low, high) in enumerate(bands):
        row = {
            "category": category,
            "income_above": above,
            "income_up_to": up_to or "",
            "percent": pct or "",
            "fixed_min": low or "",
            "fixed_max": high or "",
        }
        data.update({f"band-{i}-{k}": v for k, v in row.items()})
    data.update(over)
    return data  # the last row stays blank: ignored


def test_everyone_with_a_role_reads_the_tables(world, as_user):
    make_table(world.township)
    for user in (world.staff, world.leader, world.secretary_a):
        page = as_user(user).get(reverse("dues:rates")).content.decode()
        assert "党费收缴标准" in page and "现行" in page and "1.50" in page
        assert (reverse("dues:rate-new") in page) == (user == world.staff)


def test_staff_add_a_years_table_starting_from_the_one_in_force(world, as_user):
    make_table(world.township)
    client = as_user(world.staff)
    url = reverse("dues:rate-new")
    page = client.get(url)
    assert page.context["bands"].initial[0]["category"]  # the bands in force, to adjust
    response = client.post(url, _post(_version(client, url)))
    assert response.status_code == 302
    table = RateTable.objects.get(valid_from=D(2017, 1, 1))
    assert table.bands.count() == len(BANDS)
    assert table.history.count() == 1


def test_staff_correct_a_table_and_history_keeps_the_old_bands(world, as_user):
    table = make_table(world.township)
    client = as_user(world.staff)
    url = reverse("dues:rate-edit", args=[table.pk])
    bands = [
        b if b[0] != "low_income" else ("low_income", "0", None, None, "0.20", "0.50")
        for b in BANDS
    ]
    response = client.post(url, _post(_version(client, url), bands, valid_from="2008-04-01"))
    assert response.status_code == 302
    band = table.bands.get(category="low_income")
    assert band.fixed_max == Decimal("0.50")
    assert RateBand.history.filter(table_id=table.pk, history_type="-").count() == len(BANDS)
    page = client.get(reverse("dues:rates")).content.decode()
    assert "修改记录" in page and "0.50" in page


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([b for b in BANDS if b[1:3] != ("3000", "5000")], "留有空档"),
        ([*BANDS, ("employed", "4000", "6000", "1", None, None)], "重叠"),
        (
            [
                b if b[1:3] != ("0", "3000") else ("employed", "0", "3000", "0", None, None)
                for b in BANDS
            ],
            "交纳比例",
        ),
        ([b for b in BANDS if b[0] != "retired"], "没有"),
    ],
)
def test_a_bad_table_is_refused_in_chinese_and_nothing_saved(world, as_user, bands, message):
    table = make_table(world.township)
    client = as_user(world.staff)
    url = reverse("dues:rate-edit", args=[table.pk])
    before = list(table.bands.values_list("category", "income_above", "percent"))
    response = client.post(url, _post(_version(client, url), bands, valid_from="2008-04-01"))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(table.bands.values_list("category", "income_above", "percent")) == before
    assert RateTable.objects.get(pk=table.pk).title == "党费收缴标准"


def test_a_negative_amount_is_refused(world, as_user):
    client = as_user(world.staff)
    url = reverse("dues:rate-new")
    response = client.post(url, _post(_version(client, url), **{"band-0-income_above": "-1"}))
    assert response.status_code == 200
    assert not RateTable.objects.exists()


def test_a_stale_form_is_refused(world, as_user):
    table = make_table(world.township)
    client = as_user(world.staff)
    url = reverse("dues:rate-edit", args=[table.pk])
    seen = _version(client, url)
    client.post(url, _post(seen, valid_from="2008-04-01", title="第一次修改"))
    response = client.post(url, _post(seen, valid_from="2008-04-01", title="第二次修改"))
    assert response.status_code == 200 and "他人已保存" in response.content.decode()
    assert RateTable.objects.get(pk=table.pk).title == "第一次修改"


def test_leadership_and_secretaries_cannot_edit(world, as_user):
    table = make_table(world.township)
    for user in (world.leader, world.secretary_a):
        client = as_user(user)
        assert client.get(reverse("dues:rate-new")).status_code == 403
        edit = reverse("dues:rate-edit", args=[table.pk])
        assert client.post(edit, _post("0", valid_from="2008-04-01")).status_code == 403
    assert RateTable.objects.get(pk=table.pk).title == "党费收缴标准"


def test_a_new_table_for_a_township_outside_the_users_reach_is_not_found(world, as_user):
    """The township is chosen as on the other pages (township.filters.chosen_township): one
    the user does not keep is a 404, for reading the form and for saving it."""
    client = as_user(world.staff)
    url = reverse("dues:rate-new")
    outside = f"{url}?township={world.other_township.pk}"
    assert client.get(outside).status_code == 404
    assert client.post(outside, _post(_version(client, url))).status_code == 404
    assert not RateTable.objects.exists()
    # The other township's staff cannot reach this one either.
    other = as_user(world.other_staff)
    assert other.get(f"{url}?township={world.township.pk}").status_code == 404


@pytest.mark.parametrize("value", ["", "abc", "１", "-1"])
def test_a_new_table_without_a_usable_township_is_for_the_users_own(world, as_user, value):
    client = as_user(world.staff)
    page = client.get(reverse("dues:rate-new"), {"township": value})
    assert page.status_code == 200
    assert page.context["township"] == world.township


def test_a_new_table_for_the_users_own_township_by_its_number(world, as_user):
    client = as_user(world.staff)
    url = f"{reverse('dues:rate-new')}?township={world.township.pk}"
    response = client.post(url, _post(_version(client, url)))
    assert response.status_code == 302
    assert RateTable.objects.get(valid_from=D(2017, 1, 1)).township == world.township
