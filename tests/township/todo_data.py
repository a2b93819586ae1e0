"""Purpose-built data for the home page's to-do list (tests/township/test_home_todo.py and
the browser screenshot): every kind of thing waiting, with known counts."""

import datetime

from awards.models import Objection
from branches.models import Meeting
from plans.models import ResponsibilityLetter
from tests.awards.factories import round_at_notice
from tests.dues.factories import assess, pay
from tests.factories import MemberFactory
from tests.finance.factories import HandoverFactory, make_finance
from tests.plans.factories import LetterFactory, MeasureFactory, PlanFactory, TaskFactory
from transfers.models import TransferOut

D = datetime.date
TODAY = D(2016, 12, 20)


def _letter_out(member, number, valid_until):
    return TransferOut.objects.create(
        township=member.branch.township,
        member=member,
        year=2016,
        number=number,
        issued_on=D(2016, 10, 1),
        destination="中共某县某镇委员会",
        reason="外出务工",
        dues_paid_to=D(2016, 9, 1),
        valid_until=valid_until,
    )


def things_to_do(world, branch, *, number=1):
    """One or more of every kind of thing waiting, in `branch`; also things that are done
    (and must not count) in branch B."""
    plan = PlanFactory(township=world.township, year=2016)
    measure = MeasureFactory(plan=plan, deadline=D(2016, 6, 30))
    TaskFactory(branch=branch, measure=measure)  # overdue
    TaskFactory(branch=branch, measure=measure)  # overdue
    TaskFactory(branch=branch, measure=measure, is_done=True, done_on=D(2016, 6, 1))
    TaskFactory(
        branch=branch, measure=MeasureFactory(plan=plan, deadline=D(2017, 6, 30))
    )  # not due yet
    MemberFactory(branch=branch, joined_on=D(2015, 11, 1), full_member_on=None)  # due
    MemberFactory(branch=branch, joined_on=D(2016, 3, 1), full_member_on=None)  # not yet
    finance = make_finance(branch)
    HandoverFactory(finance=finance)  # no signature at all
    HandoverFactory(finance=finance)  # the same village: still one village
    LetterFactory(branch=branch, signed_on=None)
    LetterFactory(branch=branch, kind=ResponsibilityLetter.Kind.INTEGRITY, signed_on=None)
    Meeting.objects.create(  # entered on TODAY, two months after: a late entry
        branch=branch, kind="committee", date=D(2016, 10, 5), topic="支委会", status="recorded"
    )
    member = MemberFactory(branch=branch)
    assess(member)  # nothing paid: in arrears
    _letter_out(member, number, D(2016, 12, 1))  # receipt overdue
    _letter_out(MemberFactory(branch=branch), number + 1, D(2017, 1, 31))  # still valid


def nothing_to_do_in_b(world):
    finance = make_finance(world.branch_b)
    d = D(2016, 7, 8)
    HandoverFactory(
        finance=finance,
        supervisor="纪检",
        from_signed_on=d,
        to_signed_on=d,
        supervisor_signed_on=d,
    )
    LetterFactory(branch=world.branch_b)  # signed
    assess(world.member_b)
    pay(world.member_b, 1, 12)


def make_busy(world):
    """Things to do in branch A, nothing in branch B, and open objections in a 2017 round."""
    things_to_do(world, world.branch_a)
    nothing_to_do_in_b(world)
    round = round_at_notice(world)
    first, second, third = round.nominations.order_by("pk")
    Objection.objects.create(nomination=first, received_on=D(2016, 12, 16), content="有意见")
    Objection.objects.create(nomination=first, received_on=D(2016, 12, 17), content="又有意见")
    Objection.objects.create(
        nomination=second,
        received_on=D(2016, 12, 16),
        content="有意见",
        resolved_on=D(2016, 12, 18),
        outcome=Objection.Outcome.DISMISSED,
    )
    world.round = round
    return world
