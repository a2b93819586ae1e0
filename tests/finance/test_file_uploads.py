"""Evidence files of the checklist and photos of the notice board: checked by the shared
upload rules (photos: images only), nothing stored when refused, and served only by views
that check the village's scope (the links used to point at /media/, which is not served)."""

import datetime

import pytest
from django.urls import reverse

from finance.models import ChecklistItem, Disclosure
from tests.uploads import (
    GIF,
    NOT_AN_IMAGE,
    NOT_REALLY,
    ONLY_DOCUMENTS,
    ONLY_IMAGES,
    PDF,
    TOO_LARGE,
    body,
    oversized,
    png,
    stored_files,
    text_named,
    upload,
)

from .factories import make_finance

pytestmark = pytest.mark.django_db

BAD_EVIDENCE = {
    "oversized": (lambda: oversized("台账.pdf", PDF), TOO_LARGE),
    "wrong extension": (lambda: upload("台账.exe", b"MZ\x90\x00"), ONLY_DOCUMENTS),
    "text renamed .pdf": (lambda: text_named("台账.pdf"), NOT_REALLY),
    "text renamed .xlsx": (lambda: text_named("台账.xlsx"), NOT_REALLY),
}
BAD_PHOTOS = {
    "oversized": (lambda: oversized("公开栏.gif", GIF), TOO_LARGE),
    "wrong extension, a real image inside": (lambda: upload("公开栏.bmp", GIF), ONLY_IMAGES),
    "a PDF": (lambda: upload("公开栏.pdf", PDF), NOT_AN_IMAGE),
    "text renamed .jpg": (lambda: text_named("公开栏.jpg"), NOT_AN_IMAGE),
}


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)
    settings.UPLOAD_MAX_MB = 1


@pytest.fixture
def finance(world):
    return make_finance(world.branch_a)


def _post_item(client, finance, file):
    from township.concurrency import latest_version

    return client.post(
        reverse("finance:item", kwargs={"pk": finance.pk, "kind": "ledger"}),
        {
            "seen_version": latest_version(finance.items.get(kind="ledger")),
            "status": "done",
            "status_on": "2016-12-01",
            "evidence": "往来账台账已建立",
            "evidence_file": file,
        },
    )


def _post_disclosure(client, finance, photo):
    return client.post(
        reverse("finance:add", kwargs={"pk": finance.pk, "kind": "disclosure"}),
        {
            "kind": "finance",
            "period_kind": "month",
            "period_year": "2016",
            "period_number": "11",
            "posted_on": "2016-12-05",
            "content": "十一月收支明细",
            "photo": photo,
        },
    )


def _assert_served_only_in_scope(as_user, world, url, content):
    for who in (world.staff, world.leader, world.secretary_a):
        response = as_user(who).get(url)
        assert response.status_code == 200, who
        assert body(response) == content
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private"
    assert as_user(world.secretary_b).get(url).status_code == 404
    assert as_user(world.other_staff).get(url).status_code == 404
    assert as_user(world.nobody).get(url).status_code == 404


@pytest.mark.parametrize("case", BAD_EVIDENCE)
def test_an_evidence_file_too_large_or_not_what_it_says_is_refused(case, world, as_user, finance):
    make, message = BAD_EVIDENCE[case]
    response = _post_item(as_user(world.staff), finance, make())
    assert response.status_code == 200
    assert message in response.content.decode()
    item = finance.items.get(kind="ledger")
    assert item.status == ChecklistItem.Status.NOT_STARTED and not item.evidence_file
    assert item.history.count() == 1  # created, never changed
    assert stored_files() == []


def test_a_good_evidence_file_is_linked_and_served_only_inside_the_scope(world, as_user, finance):
    assert _post_item(as_user(world.staff), finance, upload("台账.pdf", PDF)).status_code == 302
    item = finance.items.get(kind="ledger")
    assert item.evidence_file and len(stored_files()) == 1
    url = reverse("finance:item-file", kwargs={"pk": item.pk})
    page = as_user(world.secretary_a).get(reverse("finance:detail", args=[finance.pk]))
    assert url in page.content.decode() and "/media/" not in page.content.decode()
    edit = as_user(world.staff).get(reverse("finance:item", args=[finance.pk, "ledger"]))
    assert url in edit.content.decode() and "/media/" not in edit.content.decode()
    _assert_served_only_in_scope(as_user, world, url, PDF)
    response = as_user(world.staff).get(url)
    assert "filename*=utf-8''" in response["Content-Disposition"]  # 甲村-2016-….pdf


@pytest.mark.parametrize("case", BAD_PHOTOS)
def test_a_notice_board_photo_too_large_or_not_an_image_is_refused(case, world, as_user, finance):
    make, message = BAD_PHOTOS[case]
    response = _post_disclosure(as_user(world.staff), finance, make())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Disclosure.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("name,content", [("公开栏.gif", GIF), ("公开栏.png", png())])
def test_a_good_notice_board_photo_is_served_only_inside_the_scope(
    name, content, world, as_user, finance
):
    response = _post_disclosure(as_user(world.staff), finance, upload(name, content))
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.photo and len(stored_files()) == 1
    url = reverse("finance:disclosure-photo", kwargs={"pk": disclosure.pk})
    page = as_user(world.leader).get(reverse("finance:detail", args=[finance.pk]))
    assert url in page.content.decode()
    _assert_served_only_in_scope(as_user, world, url, content)
    assert as_user(world.staff).get(url)["Content-Type"].startswith("image/")


def test_a_row_without_a_file_or_with_a_lost_file_is_404(world, as_user, finance):
    item = finance.items.get(kind="ledger")
    url = reverse("finance:item-file", kwargs={"pk": item.pk})
    assert as_user(world.staff).get(url).status_code == 404  # no file uploaded
    ChecklistItem.objects.filter(pk=item.pk).update(evidence_file="finance/evidence/2016/gone.pdf")
    assert as_user(world.staff).get(url).status_code == 404  # the file is gone from storage
    assert as_user(world.staff).get(reverse("finance:item-file", args=[999999])).status_code == 404


def test_the_back_office_links_a_stored_file_through_the_checked_view(world, as_user, finance):
    _post_disclosure(as_user(world.staff), finance, upload("公开栏.gif", GIF))
    disclosure = Disclosure.objects.get()
    url = reverse("finance:disclosure-photo", kwargs={"pk": disclosure.pk})
    page = as_user(world.staff).get(
        reverse("admin:finance_disclosure_change", args=[disclosure.pk])
    )
    assert page.status_code == 200
    assert url in page.content.decode() and "/media/" not in page.content.decode()
