"""Demo transfers of organisational relations (组织关系转接), written through ensure():
running it twice changes nothing and writes no history.

This part runs before the other apps' demo data, because it shapes 2016's roster: a member of
双河村 transferred out in January 2016 (letter issued, receipt returned: off the roster),
and a member received into 新华村 in December 2015 from another township. The roster keeps
239 members. A letter still waiting for its receipt follows the dues ledger
(transfers/demo_open.py)."""

import datetime

from branches.models import Branch, CommitteePosition
from members.models import Member
from township.demo_data import ensure, make_id_number
from township.models import Township

from .models import TransferIn, TransferOut

D = datetime.date
OUT_BRANCH = "双河村党支部"
IN_BRANCH = "新华村党支部"
#: Born in 双流县 (510122), not in the demo's county: the member comes from elsewhere.
IN_AREA_CODE = "510122"


def plain_member(branch: Branch):
    """A full member holding no committee seat and not working away, the same one on every
    run (the last by ID number), whether or not they are still on the roster."""
    seats = CommitteePosition.objects.filter(branch=branch).values("member_id")
    return (
        Member.objects.filter(branch=branch, full_member_on__isnull=False, is_mobile=False)
        .exclude(pk__in=seats)
        .order_by("-id_number")
        .first()
    )


def _out_with_receipt(township) -> None:
    branch = Branch.objects.filter(township=township, name=OUT_BRANCH).first()
    member = plain_member(branch) if branch else None
    if member is None:
        return
    letter = ensure(
        TransferOut,
        {"township": township, "year": 2016, "number": 1},
        {
            "member": member,
            "issued_on": D(2016, 1, 4),
            "destination": f"中共{township.county}城关镇委员会",
            "reason": "在县城务工并定居",
            # The ledger starts with 2016's dues: nothing is recorded before the letter.
            "dues_paid_to": None,
            "valid_until": D(2016, 4, 3),
            "status": TransferOut.Status.RECEIVED,
            "receipt_on": D(2016, 1, 18),
            "receipt_by": f"中共{township.county}城关镇委员会组织办",
        },
    )
    ensure(
        Member,
        {"pk": member.pk},
        {
            "left_on": letter.receipt_on,
            "leave_reason": Member.LeaveReason.TRANSFER,
            "leave_basis": f"组织关系介绍信{letter.letter_number}",
            "leave_note": "",
        },
    )


def _received(township) -> None:
    branch = Branch.objects.filter(township=township, name=IN_BRANCH).first()
    if branch is None:
        return
    birth = D(1979, 5, 12)
    # The sequence number follows the township's place in the county (by name, as the demo
    # creates them), never its primary key: keys differ between databases and runs.
    townships = list(
        Township.objects.filter(county=township.county)
        .order_by("pk")
        .values_list("name", flat=True)
    )
    member = ensure(
        Member,
        {
            "id_number": make_id_number(
                birth, "M", 901 + townships.index(township.name), IN_AREA_CODE
            )
        },
        {
            "branch": branch,
            "name": "罗建平",
            "gender": "M",
            "ethnicity": "汉族",
            "birth_date": birth,
            "education": Member.Education.HIGH_SCHOOL,
            "category": Member.Category.FARMER,
            "joined_on": D(2006, 6, 20),
            "full_member_on": D(2007, 6, 20),
            "job": "种植养殖",
            "phone": "13908176251",
            "address": f"{township.county}{township.name}新华村3组17号",
        },
    )
    ensure(
        TransferIn,
        {"township": township, "branch": branch, "member": member},
        {
            "from_organisation": "中共双流县彭镇委员会",
            "letter_number": "〔2015〕23号",
            "letter_date": D(2015, 12, 8),
            "received_on": D(2015, 12, 15),
            "dues_paid_to": D(2015, 12, 1),
            "restored": False,
        },
    )


def load(township) -> None:
    _out_with_receipt(township)
    _received(township)
