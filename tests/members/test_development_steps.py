"""发展纪实 (issue 16, item 10): 政治审查, 公示, 集中培训, 县委组织部预审, 入党志愿书 between 发展对象
and the branch meeting; 乡党委审批 within three months and 入党宣誓 after it; the notice before
conversion. Each dated, refused out of order, with its document."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.development import missing_before_admission, record_development_step
from members.models import Applicant, DevelopmentStep
from members.services import MemberError
from tests.factories import applicant_kwargs
from township.workdays import add_working_days

D = datetime.date

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings, tmp_path):
    settings.TOWNSHIP_TODAY = D(2016, 12, 20)
    settings.MEDIA_ROOT = tmp_path


def candidate(world, **over):
    values = {
        "talked_on": D(2015, 3, 20),
        "activist_on": D(2015, 4, 1),
        "candidate_on": D(2016, 4, 5),
        **over,
    }
    return Applicant.objects.create(**applicant_kwargs(world.branch_a, **values))


def step(applicant, kind, on, **kw):
    return record_development_step(applicant=applicant, kind=kind, on=on, **kw)


def up_to_the_form(a):
    step(a, "review", D(2016, 4, 10), conclusion="政治历史清楚，无问题")
    notice = step(a, "notice", D(2016, 4, 11))  # Monday: five working days end Friday
    assert notice.ends_on == D(2016, 4, 15)
    step(a, "training", D(2016, 4, 18), ends_on=D(2016, 4, 20), certificate_on=D(2016, 4, 20))
    step(a, "pre_review", D(2016, 4, 25))
    step(a, "form", D(2016, 4, 28), number="No.20160012")


def test_the_steps_before_admission_are_recorded_in_order(world):
    a = candidate(world)
    up_to_the_form(a)
    assert [s.kind for s in a.steps.order_by("on")] == [
        "review",
        "notice",
        "training",
        "pre_review",
        "form",
    ]


def test_a_step_out_of_order_is_refused(world):
    a = candidate(world)
    with pytest.raises(MemberError, match="政治审查"):
        step(a, "training", D(2016, 4, 18), ends_on=D(2016, 4, 20), certificate_on=D(2016, 4, 20))
    assert not DevelopmentStep.objects.exists()


def test_steps_begin_after_the_applicant_became_a_development_candidate(world):
    with pytest.raises(MemberError, match="发展对象"):
        step(candidate(world), "review", D(2016, 4, 1), conclusion="无问题")
    with pytest.raises(MemberError, match="发展对象"):
        step(candidate(world, candidate_on=None), "review", D(2016, 4, 10), conclusion="无问题")


def test_the_political_review_needs_its_conclusion(world):
    with pytest.raises(MemberError, match="结论"):
        step(candidate(world), "review", D(2016, 4, 10), conclusion=" ")


def test_the_pre_review_waits_for_the_notice_to_end(world):
    a = candidate(world)
    step(a, "review", D(2016, 4, 10), conclusion="无问题")
    step(a, "notice", D(2016, 4, 11))
    with pytest.raises(MemberError, match="上一步"):
        step(a, "training", D(2016, 4, 14), ends_on=D(2016, 4, 16), certificate_on=D(2016, 4, 16))


@pytest.mark.parametrize(
    "ends, hours, ok",
    [
        (D(2016, 4, 20), None, True),
        (D(2016, 4, 19), None, False),
        (D(2016, 4, 19), 24, True),
        (D(2016, 4, 19), 23, False),
    ],
)
def test_training_lasts_three_days_or_24_class_hours(world, ends, hours, ok):
    a = candidate(world)
    step(a, "review", D(2016, 4, 10), conclusion="无问题")
    step(a, "notice", D(2016, 4, 11))
    kwargs = {"ends_on": ends, "class_hours": hours, "certificate_on": ends}
    if ok:
        assert step(a, "training", D(2016, 4, 18), **kwargs).pk
    else:
        with pytest.raises(MemberError, match="24"):
            step(a, "training", D(2016, 4, 18), **kwargs)


def test_the_application_form_needs_its_number(world):
    a = candidate(world)
    step(a, "review", D(2016, 4, 10), conclusion="无问题")
    step(a, "notice", D(2016, 4, 11))
    step(a, "training", D(2016, 4, 18), ends_on=D(2016, 4, 20), certificate_on=D(2016, 4, 20))
    step(a, "pre_review", D(2016, 4, 25))
    with pytest.raises(MemberError, match="编号"):
        step(a, "form", D(2016, 4, 28))


def admitted(world):
    a = candidate(world)
    up_to_the_form(a)
    Applicant.objects.filter(pk=a.pk).update(admitted_on=D(2016, 5, 10))
    a.refresh_from_db()
    return a


@pytest.mark.parametrize("on, ok", [(D(2016, 8, 10), True), (D(2016, 8, 11), False)])
def test_the_township_approves_within_three_months_of_the_branch_meeting(world, on, ok):
    a = admitted(world)
    if ok:
        assert step(a, "approval", on).pk
    else:
        with pytest.raises(MemberError, match="三个月"):
            step(a, "approval", on)


def test_the_oath_and_the_conversion_notice_follow_the_approval(world):
    a = admitted(world)
    with pytest.raises(MemberError):
        step(a, "oath", D(2016, 6, 1))
    step(a, "approval", D(2016, 6, 1))
    step(a, "oath", D(2016, 7, 1))
    notice = step(a, "conversion_notice", D(2016, 9, 30))  # across National Day
    assert notice.ends_on == D(2016, 10, 11)


def test_an_approval_before_the_branch_meeting_is_refused(world):
    a = candidate(world)
    up_to_the_form(a)
    with pytest.raises(MemberError, match="支部大会"):
        step(a, "approval", D(2016, 5, 1))


def test_an_admission_without_the_steps_is_shown(world):
    a = candidate(world, admitted_on=D(2016, 5, 10))
    assert len(missing_before_admission(a)) == 5


def test_the_secretary_records_a_step_with_its_document_and_it_is_shown(world, as_user):
    a = candidate(world)
    client = as_user(world.secretary_a)
    page = client.post(
        reverse("members:development-step-add", args=[a.pk]),
        {
            "kind": "review",
            "on": "2016-04-10",
            "conclusion": "政治历史清楚",
            "document": SimpleUploadedFile("审查.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
        follow=True,
    )
    text = page.content.decode()
    assert "政治审查" in text and "政治历史清楚" in text
    s = DevelopmentStep.objects.get()
    assert s.document and s.history.count() == 1
    assert client.get(reverse("members:development-step-file", args=[s.pk])).status_code == 200
    assert (
        as_user(world.secretary_b)
        .get(reverse("members:development-step-file", args=[s.pk]))
        .status_code
        == 404
    )


def test_bad_input_is_a_message_and_nothing_is_saved(world, as_user):
    a = candidate(world)
    page = as_user(world.staff).post(
        reverse("members:development-step-add", args=[a.pk]),
        {"kind": "form", "on": "2016-04-10"},
        follow=True,
    )
    assert page.status_code == 200 and "下一步是" in page.content.decode()
    assert not DevelopmentStep.objects.exists()


def test_leadership_cannot_record_a_step(world, as_user):
    a = candidate(world)
    page = as_user(world.leader).post(
        reverse("members:development-step-add", args=[a.pk]),
        {"kind": "review", "on": "2016-04-10", "conclusion": "x"},
    )
    assert page.status_code == 403 and not DevelopmentStep.objects.exists()


def test_the_demo_records_show_their_development_steps(demo):
    admitted = Applicant.objects.filter(admitted_on__isnull=False)
    assert admitted.exists()
    for a in admitted:
        assert missing_before_admission(a) == [], a
        approval = a.steps.get(kind="approval")
        assert approval.on <= a.admitted_on + datetime.timedelta(days=92)
    # Its conversions: the 公示 before conversion recorded, five working days over by the
    # meeting, which the rule accepts; full membership from the day probation ends.
    from members.development import check_ready_for_conversion, missing_before_conversion

    converted = Applicant.objects.filter(converted_on__isnull=False)
    assert converted.exists()
    for a in converted:
        assert missing_before_conversion(a) == [], a
        notice = a.steps.get(kind="conversion_notice")
        assert notice.ends_on == add_working_days(notice.on, 5) <= a.converted_on
        check_ready_for_conversion(a, a.converted_on)
        assert a.member.full_member_on == a.conversion_due_on <= a.converted_on


# Admission refused while the steps before it are missing or out of order (issue 16 item 10).


MEETING_ON = D(2016, 5, 10)


def admit(world, a, on=MEETING_ON):
    from members.services import advance_applicant
    from tests.factories import MemberFactory

    introducers = (world.member_a, MemberFactory(branch=world.branch_a, name="介绍人乙"))
    return advance_applicant(applicant=a, step="admit", on=on, people=introducers)


def test_an_admission_with_every_step_recorded_in_order_is_taken(world):
    a = candidate(world)
    up_to_the_form(a)
    assert admit(world, a).admitted_on == D(2016, 5, 10) and a.member.is_probationary


def test_an_admission_without_any_step_is_refused_naming_them_all(world):
    a = candidate(world)
    with pytest.raises(MemberError, match="发展党员工作细则") as e:
        admit(world, a)
    assert "政治审查、发展对象公示、集中培训、县委组织部预审、填写入党志愿书" in str(e.value)
    a.refresh_from_db()
    assert a.admitted_on is None and a.member is None


STEPS = {
    "review": (D(2016, 4, 10), {"conclusion": "合格"}),
    "notice": (D(2016, 4, 11), {"ends_on": D(2016, 4, 15)}),
    "training": (D(2016, 4, 18), {"ends_on": D(2016, 4, 20), "certificate_on": D(2016, 4, 20)}),
    "pre_review": (D(2016, 4, 25), {}),
    "form": (D(2016, 4, 28), {"number": "No.1"}),
}


def with_steps(a, **changes):
    """The five steps written directly (as the back office could), each changed or left out
    (None)."""
    for kind, (on, values) in STEPS.items():
        change = changes.get(kind, {})
        if change is None:
            continue
        DevelopmentStep.objects.create(applicant=a, kind=kind, **{"on": on, **values, **change})
    return a


@pytest.mark.parametrize(
    "kind, label",
    [
        ("review", "政治审查"),
        ("notice", "发展对象公示"),
        ("training", "集中培训"),
        ("pre_review", "县委组织部预审"),
        ("form", "入党志愿书"),
    ],
)
def test_one_missing_step_refuses_the_admission_and_is_named(world, kind, label):
    a = with_steps(candidate(world), **{kind: None})
    with pytest.raises(MemberError, match=label):
        admit(world, a)


def test_a_step_out_of_order_refuses_the_admission(world):
    a = with_steps(candidate(world), pre_review={"on": D(2016, 4, 16)})  # before the training
    with pytest.raises(MemberError, match="顺序"):
        admit(world, a)


def test_a_step_dated_after_the_branch_meeting_refuses_the_admission(world):
    a = with_steps(candidate(world), form={"on": D(2016, 5, 11)})
    with pytest.raises(MemberError, match="顺序"):
        admit(world, a)


def test_a_step_before_the_applicant_became_a_candidate_refuses_the_admission(world):
    a = with_steps(candidate(world), review={"on": D(2016, 4, 1)})
    with pytest.raises(MemberError, match="顺序"):
        admit(world, a)


def test_a_review_without_its_conclusion_refuses_the_admission(world):
    a = with_steps(candidate(world), review={"conclusion": ""})
    with pytest.raises(MemberError, match="结论"):
        admit(world, a)


def test_a_notice_shorter_than_five_working_days_refuses_the_admission(world):
    a = with_steps(candidate(world), notice={"ends_on": D(2016, 4, 14)})
    with pytest.raises(MemberError, match="5个工作日"):
        admit(world, a)


@pytest.mark.parametrize("on, ok", [(D(2016, 4, 28), True), (D(2016, 4, 27), False)])
def test_the_branch_meeting_comes_after_the_last_step(world, on, ok):
    """The 入党志愿书 is dated 2016-04-28: a meeting that day is the boundary."""
    a = with_steps(candidate(world))
    if ok:
        assert admit(world, a, on=on).admitted_on == on
    else:
        with pytest.raises(MemberError, match="顺序"):
            admit(world, a, on=on)


@pytest.mark.parametrize(
    "ends, hours, ok",
    [(D(2016, 4, 20), None, True), (D(2016, 4, 19), 24, True), (D(2016, 4, 19), 23, False)],
)
def test_a_training_short_of_three_days_and_24_hours_refuses_the_admission(world, ends, hours, ok):
    a = with_steps(candidate(world), training={"ends_on": ends, "class_hours": hours})
    if ok:
        assert admit(world, a).admitted_on
    else:
        with pytest.raises(MemberError, match="24"):
            admit(world, a)


def test_the_conversion_notice_names_the_missing_approval(world):
    a = admitted(world)
    with pytest.raises(MemberError, match="乡党委审批|乡镇党委审批"):
        step(a, "conversion_notice", D(2016, 9, 30))
    assert not a.steps.filter(kind="conversion_notice").exists()


def test_the_step_form_shows_the_refusal_in_chinese(world, as_user):
    a = candidate(world)
    from tests.factories import MemberFactory

    other = MemberFactory(branch=world.branch_a, name="介绍人乙")
    response = as_user(world.secretary_a).post(
        reverse("members:applicant", args=[a.pk]),
        {"step": "admit", "on": "2016-05-10", "person_1": world.member_a.pk, "person_2": other.pk},
    )
    assert response.status_code == 200 and "政治审查" in response.content.decode()
    a.refresh_from_db()
    assert a.admitted_on is None
