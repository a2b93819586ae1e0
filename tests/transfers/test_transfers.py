"""Transfers of organisational relations: the letter out's life cycle (numbered, 转出中,
receipt or closing, the member leaving), the unreturned receipt flagged, letters in
creating or restoring a member, activity certificates, and the PDFs' text and fonts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member
from members.services import MemberError
from members.upkeep import record_leaving
from tests.dues.factories import assess, pay
from tests.factories import MemberFactory
from tests.pdf_utils import assert_cjk_fonts_only, pdf_text
from township.demo_data import make_id_number
from transfers.models import MobileCertificate, TransferIn, TransferOut
from transfers.services import (
    TransferError,
    close_letter,
    issue_certificate,
    issue_letter,
    receive_member,
    record_receipt,
    record_receipt_by_number,
)

d = datetime.date


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TOWNSHIP_TODAY = d(2016, 12, 20)


ISSUED, VALID = d(2016, 10, 10), d(2017, 1, 10)


def _issue(member, issued_on=ISSUED, valid_until=VALID, **kw):
    values = {"destination": "中共东莞市长安镇委员会", "reason": "外出务工"}
    values.update(kw)
    return issue_letter(member=member, issued_on=issued_on, valid_until=valid_until, **values)


def test_letters_are_numbered_per_township_and_year(world):
    first = _issue(world.member_a)
    second = _issue(world.member_b)
    other = _issue(world.member_x)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert first.letter_number == "〔2016〕1号"
    next_year = MemberFactory(branch=world.branch_a)
    assert first.is_open and next_year.is_current


def test_a_letter_for_a_member_already_being_transferred_out_is_refused(world):
    _issue(world.member_a)
    with pytest.raises(TransferError, match="已在转出中"):
        _issue(world.member_a)
    assert TransferOut.objects.filter(member=world.member_a).count() == 1


def test_a_letter_is_valid_three_months_at_most(world):
    with pytest.raises(TransferError, match="最长三个月"):
        _issue(world.member_a, valid_until=d(2017, 1, 11))
    assert not TransferOut.objects.exists()
    assert _issue(world.member_a, valid_until=d(2017, 1, 10)).valid_until == d(2017, 1, 10)


def test_the_returned_receipt_takes_the_member_off_the_roster(world):
    letter = _issue(world.member_a)
    world.member_a.refresh_from_db()
    assert world.member_a.is_current  # 转出中, still on the roster
    record_receipt(letter=letter, on=d(2016, 11, 2), by="长安镇党委组织办")
    member = Member.objects.get(pk=world.member_a.pk)
    assert member.left_on == d(2016, 11, 2)
    assert member.leave_reason == Member.LeaveReason.TRANSFER
    assert "〔2016〕1号" in member.leave_basis
    letter.refresh_from_db()
    assert letter.status == TransferOut.Status.RECEIVED
    with pytest.raises(TransferError, match="已办结"):
        record_receipt(letter=letter, on=d(2016, 11, 3))


def test_a_receipt_for_a_letter_never_issued_is_refused(world):
    with pytest.raises(TransferError, match="未开具过〔2016〕5号介绍信"):
        record_receipt_by_number(townships=[world.township], year=2016, number=5, on=d(2016, 11, 2))


def test_a_receipt_dated_before_the_letter_is_refused(world):
    letter = _issue(world.member_a)
    with pytest.raises(TransferError, match="早于介绍信开具日期"):
        record_receipt(letter=letter, on=d(2016, 10, 9))
    world.member_a.refresh_from_db()
    assert world.member_a.is_current


def test_an_unreturned_receipt_after_the_validity_is_flagged(world, as_user, settings):
    letter = _issue(world.member_a, issued_on=d(2016, 8, 1), valid_until=d(2016, 11, 1))
    fresh = _issue(world.member_b)
    assert letter.is_overdue and not fresh.is_overdue
    page = as_user(world.staff).get(reverse("transfers:list")).content.decode()
    assert "1份介绍信超过有效期未返回回执" in page
    settings.TOWNSHIP_TODAY = d(2016, 11, 1)
    assert not letter.is_overdue  # valid through its last day


def test_staff_close_an_unreturned_letter_with_a_note(world, as_user):
    letter = _issue(world.member_a)
    client = as_user(world.staff)
    url = reverse("transfers:out-close", args=[letter.pk])
    client.post(url, {"on": "2016-12-20", "note": ""})
    letter.refresh_from_db()
    assert letter.is_open  # no note: refused
    client.post(url, {"on": "2016-12-20", "note": "对方党组织电话确认已接收"})
    letter.refresh_from_db()
    assert letter.status == TransferOut.Status.CLOSED
    member = Member.objects.get(pk=world.member_a.pk)
    assert member.left_on == d(2016, 12, 20) and member.leave_note.startswith("对方")


def test_closing_without_a_note_is_refused_by_the_service(world):
    letter = _issue(world.member_a)
    with pytest.raises(TransferError, match="结案的说明"):
        close_letter(letter=letter, on=d(2016, 12, 20), note=" ")


def test_a_member_being_transferred_out_cannot_leave_another_way(world):
    _issue(world.member_a)
    with pytest.raises(MemberError, match="转出中"):
        record_leaving(member=world.member_a, reason="death", on=d(2016, 12, 1), basis="")


def test_staff_issue_a_letter_through_the_page(world, as_user):
    client = as_user(world.staff)
    response = client.post(
        reverse("transfers:out-new", args=[world.member_a.pk]),
        {
            "issued_on": "2016-12-01",
            "destination": "中共某县某镇委员会",
            "reason": "迁居",
            "valid_until": "2017-02-28",
        },
    )
    letter = TransferOut.objects.get()
    assert response.status_code == 302
    assert letter.dues_paid_to is None  # the ledger has nothing for the member
    detail = client.get(reverse("members:detail", args=[world.member_a.pk])).content.decode()
    assert "转出中" in detail


def test_a_bad_letter_on_the_page_shows_the_rule_and_saves_nothing(world, as_user):
    response = as_user(world.staff).post(
        reverse("transfers:out-new", args=[world.member_a.pk]),
        {
            "issued_on": "2016-12-01",
            "destination": "某镇",
            "reason": "迁居",
            "valid_until": "2017-06-01",
        },
    )
    assert response.status_code == 200
    assert "最长三个月" in response.content.decode()
    assert not TransferOut.objects.exists()


def test_the_letter_pdf_has_three_parts_and_embedded_fonts(world, as_user):
    assess(world.member_a)
    pay(world.member_a, 1, 10)
    letter = _issue(world.member_a)
    response = as_user(world.staff).get(reverse("transfers:out-pdf", args=[letter.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace(" ", "").replace("\n", "")
    for words in ("存根", "回执", "中国共产党党员组织关系介绍信", "〔2016〕1号", "张三"):
        assert words in text
    assert "中共东莞市长安镇委员会" in text
    assert "党费已交到2016年10月" in text
    assert world.member_a.id_number in text
    assert_cjk_fonts_only(response.content)


def _person(**over):
    birth = d(1980, 8, 9)
    values = {
        "name": "转入者",
        "gender": "M",
        "ethnicity": "汉族",
        "id_number": make_id_number(birth, "M", 77),
        "birth_date": birth,
        "education": Member.Education.COLLEGE,
        "category": Member.Category.WORKER,
        "joined_on": d(2005, 7, 1),
        "full_member_on": d(2006, 7, 1),
        "job": "",
        "phone": "",
        "address": "",
    }
    values.update(over)
    return values


def _receive(world, person, **kw):
    values = {
        "branch": world.branch_a,
        "from_organisation": "中共某镇委员会",
        "letter_number": "〔2016〕9号",
        "letter_date": d(2016, 9, 1),
        "received_on": d(2016, 9, 10),
        "dues_paid_to": d(2016, 8, 1),
    }
    values.update(kw)
    return receive_member(person=person, **values)


def test_a_received_letter_creates_the_member_in_a_branch(world):
    record = _receive(world, _person())
    assert not record.restored
    assert record.member.branch == world.branch_a and record.member.is_current


def test_a_received_letter_restores_a_member_who_once_left(world):
    letter = _issue(world.member_a)
    record_receipt(letter=letter, on=d(2016, 10, 20))
    person = _person(
        name=world.member_a.name,
        id_number=world.member_a.id_number,
        birth_date=world.member_a.birth_date,
        gender=world.member_a.gender,
        joined_on=world.member_a.joined_on,
        full_member_on=world.member_a.full_member_on,
    )
    record = _receive(world, person, branch=world.branch_b, received_on=d(2016, 12, 1))
    assert record.restored and record.member.pk == world.member_a.pk
    member = Member.objects.get(pk=world.member_a.pk)
    assert member.is_current and member.branch == world.branch_b
    assert member.history.filter(left_on__isnull=False).exists()


def test_a_received_letter_for_a_current_member_is_refused(world):
    person = _person(
        id_number=world.member_b.id_number,
        birth_date=world.member_b.birth_date,
        gender=world.member_b.gender,
    )
    with pytest.raises(TransferError, match="已有在册党员"):
        _receive(world, person)
    assert not TransferIn.objects.exists()


def test_a_received_letter_with_a_bad_id_number_saves_nothing(world):
    good = _person()["id_number"]
    bad = good[:-1] + ("1" if good[-1] == "0" else "0")
    with pytest.raises(TransferError, match="校验码"):
        _receive(world, _person(id_number=bad))
    assert not TransferIn.objects.exists() and not Member.objects.filter(name="转入者").exists()


def test_the_in_page_creates_the_member_and_prints_the_receipt(world, as_user):
    client = as_user(world.staff)
    person = _person()
    data = {
        "branch": world.branch_a.pk,
        "from_organisation": "中共某镇委员会",
        "letter_number": "〔2016〕9号",
        "letter_date": "2016-09-01",
        "received_on": "2016-09-10",
        "dues_paid_to": "2016-08",
        **{k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in person.items()},
    }
    response = client.post(reverse("transfers:in-new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = TransferIn.objects.get()
    pdf = client.get(reverse("transfers:in-pdf", args=[record.pk]))
    text = pdf_text(pdf.content).replace(" ", "").replace("\n", "")
    assert "回执" in text and "转入者同志" in text and "中共某镇委员会" in text
    assert_cjk_fonts_only(pdf.content)


def test_a_secretary_cannot_record_a_received_letter(world, as_user):
    response = as_user(world.secretary_a).post(reverse("transfers:in-new"), {})
    assert response.status_code == 403


def test_an_activity_certificate_is_issued_and_printed(world, as_user):
    client = as_user(world.secretary_a)
    response = client.post(
        reverse("transfers:certificate-new", args=[world.member_a.pk]),
        {
            "number": "QS2016-001",
            "destination": "广东省深圳市",
            "issued_on": "2016-12-01",
            "valid_until": "2017-06-01",
        },
    )
    assert response.status_code == 302
    certificate = MobileCertificate.objects.get()
    pdf = client.get(reverse("transfers:certificate-pdf", args=[certificate.pk]))
    text = pdf_text(pdf.content).replace(" ", "").replace("\n", "")
    assert "流动党员活动证" in text and "QS2016-001" in text and "广东省深圳市" in text
    assert_cjk_fonts_only(pdf.content)


def test_an_activity_certificate_beyond_six_months_is_refused(world):
    with pytest.raises(TransferError, match="超过六个月应转接组织关系"):
        issue_certificate(
            member=world.member_a,
            number="X1",
            destination="某地",
            issued_on=d(2016, 12, 1),
            valid_until=d(2017, 6, 2),
        )
    assert not MobileCertificate.objects.exists()


def test_the_mobile_list_links_the_transfer_flag_to_a_letter_and_a_certificate(world, as_user):
    world.member_a.is_mobile = True
    world.member_a.mobile_destination = "广东省深圳市"
    world.member_a.mobile_since = d(2016, 1, 1)
    world.member_a.save()
    page = as_user(world.staff).get(reverse("members:mobile")).content.decode()
    assert reverse("transfers:out-new", args=[world.member_a.pk]) in page
    assert reverse("transfers:certificate-new", args=[world.member_a.pk]) in page
    secretary_page = as_user(world.secretary_a).get(reverse("members:mobile")).content.decode()
    assert reverse("transfers:out-new", args=[world.member_a.pk]) not in secretary_page


def test_the_transfer_list_costs_the_same_queries_for_one_or_many(world, as_user):
    client = as_user(world.staff)
    url = reverse("transfers:list")
    _issue(world.member_a)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(10):
        member = MemberFactory(branch=world.branch_b)
        _issue(member)
        issue_certificate(
            member=member,
            number="N",
            destination="某地",
            issued_on=d(2016, 12, 1),
            valid_until=d(2017, 5, 1),
        )
    _receive(world, _person())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_a_secretary_sees_only_their_branchs_letters(world, as_user):
    _issue(world.member_b)
    page = as_user(world.secretary_a).get(reverse("transfers:list")).content.decode()
    assert world.member_b.name not in page


def test_a_receipt_recorded_by_number_finds_only_the_users_townships_letters(world, as_user):
    ours = _issue(world.member_a)
    theirs = _issue(world.member_x)
    client = as_user(world.other_staff)
    data = {"year": 2016, "number": 1, "on": "2016-11-02", "by": ""}
    client.post(reverse("transfers:receipt-by-number"), data)
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.is_open and not theirs.is_open
    response = as_user(world.staff).post(
        reverse("transfers:receipt-by-number"), {**data, "number": 9}, follow=True
    )
    assert "未开具过〔2016〕9号介绍信" in response.content.decode()
    ours.refresh_from_db()
    assert ours.is_open


def test_a_member_who_left_another_way_comes_back_as_a_new_record(world):
    record_leaving(
        member=world.member_a, reason="struck_off", on=d(2016, 3, 1), basis="支部大会决定"
    )
    person = _person(
        name=world.member_a.name,
        id_number=world.member_a.id_number,
        birth_date=world.member_a.birth_date,
        gender=world.member_a.gender,
    )
    record = _receive(world, person)
    assert not record.restored and record.member.pk != world.member_a.pk
    world.member_a.refresh_from_db()
    assert world.member_a.leave_reason == "struck_off"


def test_the_member_list_marks_a_member_being_transferred_out(world, as_user):
    _issue(world.member_a)
    page = as_user(world.staff).get(reverse("members:list")).content.decode()
    assert page.count("转出中") == 1


def test_home_flags_unreturned_receipts_for_staff(world, as_user):
    _issue(world.member_a, issued_on=d(2016, 8, 1), valid_until=d(2016, 11, 1))
    page = as_user(world.staff).get(reverse("home")).content.decode()
    assert "1份介绍信超过有效期未返回回执" in page
    secretary_page = as_user(world.secretary_b).get(reverse("home")).content.decode()
    assert "未返回回执" not in secretary_page
