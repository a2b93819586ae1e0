import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plans.models import ResponsibilityLetter
from township.concurrency import latest_version

from .factories import PDF, LetterFactory

pytestmark = pytest.mark.django_db
K = ResponsibilityLetter.Kind


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.TOWNSHIP_TODAY = datetime.date(2016, 12, 20)


@pytest.fixture
def letters(world):
    for kind in K:
        LetterFactory(branch=world.branch_a, kind=kind)
    LetterFactory(branch=world.branch_b, kind=K.PARTY_BUILDING)
    LetterFactory(branch=world.branch_b, kind=K.INTEGRITY, signed_on=None)
    LetterFactory(branch=world.branch_x, kind=K.PARTY_BUILDING, signed_on=None)


def test_staff_see_which_branches_have_not_signed(world, client, letters):
    client.force_login(world.staff)
    page = client.get("/plans/letters/2016/").content.decode()
    unsigned = page[page.index("尚未签订") : page.index("<table")]
    assert "乙村党支部：农村基层干部廉洁自律、社会事业发展" in unsigned
    assert "甲村党支部" not in unsigned and "外乡党支部" not in page


def test_a_secretary_sees_only_their_own_letters(world, client, letters):
    client.force_login(world.secretary_b)
    page = client.get("/plans/letters/2016/").content.decode()
    assert "乙村党支部" in page and "甲村党支部" not in page
    assert "编辑" not in page


def test_staff_edit_a_letter_with_its_scan_and_assessment(world, client, letters):
    letter = ResponsibilityLetter.objects.get(branch=world.branch_b, kind=K.INTEGRITY)
    client.force_login(world.staff)
    response = client.post(
        f"/plans/letters/edit/{letter.pk}/",
        {
            "signed_on": "2016-12-01",
            "result": "passed",
            "notes": "按期完成",
            "scan": SimpleUploadedFile("责任书.pdf", PDF),
            "seen_version": latest_version(letter),
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.signed_on == datetime.date(2016, 12, 1) and letter.get_result_display() == "合格"
    assert letter.scan.name.startswith("plans/letters/") and "责任书" not in letter.scan.name
    response = client.get(f"/plans/letters/scan/{letter.pk}/")
    assert b"".join(response.streaming_content) == PDF
    client.force_login(world.secretary_a)
    assert client.get(f"/plans/letters/scan/{letter.pk}/").status_code == 404


def test_a_letter_rejects_a_fake_scan_and_an_assessment_without_signing(world, client, letters):
    letter = ResponsibilityLetter.objects.get(branch=world.branch_b, kind=K.INTEGRITY)
    client.force_login(world.staff)
    response = client.post(
        f"/plans/letters/edit/{letter.pk}/",
        {"signed_on": "2016-12-01", "scan": SimpleUploadedFile("责任书.pdf", b"not a pdf")},
    )
    assert response.status_code == 200 and "不是真正的" in response.content.decode()
    response = client.post(f"/plans/letters/edit/{letter.pk}/", {"result": "passed"})
    assert "只有已签订的责任书才能考核" in response.content.decode()
    letter.refresh_from_db()
    assert letter.signed_on is None and not letter.scan and letter.result == ""


def test_leadership_and_secretaries_cannot_edit_letters(world, client, letters):
    letter = ResponsibilityLetter.objects.get(branch=world.branch_a, kind=K.SOCIAL)
    for user, status in ((world.leader, 403), (world.secretary_a, 403), (world.secretary_b, 404)):
        client.force_login(user)
        assert (
            client.post(f"/plans/letters/edit/{letter.pk}/", {"result": "failed"}).status_code
            == status
        )
    letter.refresh_from_db()
    assert letter.result == ""


def test_one_letter_per_branch_year_and_kind(world, letters):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        LetterFactory(branch=world.branch_a, kind=K.SOCIAL)


def test_staff_issue_the_missing_letters_once(world, client, letters):
    client.force_login(world.leader)
    assert client.post("/plans/letters/2016/issue/").status_code == 403
    client.force_login(world.staff)
    assert client.post("/plans/letters/2016/issue/").status_code == 302
    mine = ResponsibilityLetter.objects.filter(branch__township=world.township, year=2016)
    assert mine.count() == 6  # 2 branches x 3 kinds; the 5 existing ones kept
    assert ResponsibilityLetter.objects.filter(branch=world.branch_x).count() == 1
    client.post("/plans/letters/2016/issue/")
    assert mine.count() == 6


def test_the_home_pages_unsigned_link_and_the_township_filter_the_rows(world, client, letters):
    client.force_login(world.staff)
    response = client.get("/plans/letters/2016/", {"unsigned": "1"})
    assert [row["branch"] for row in response.context["rows"]] == [world.branch_b]
    response = client.get("/plans/letters/2016/", {"township": world.township.pk})
    assert len(response.context["rows"]) == 2


@pytest.mark.parametrize("township", ["x", "-3", "9" * 30])
def test_a_township_not_understood_is_said_and_every_branch_listed(
    world, client, letters, township
):
    client.force_login(world.staff)
    response = client.get("/plans/letters/2016/", {"township": township})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
