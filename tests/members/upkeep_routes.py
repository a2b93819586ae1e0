"""Permission rows of member upkeep in the front office (members/views/upkeep.py)."""

import datetime

from tests.routes import ROLE_LIST, expect

#: The member's own form: staff and the secretary of A; leadership reads only.
BRANCH_A_WRITE = expect(leader=403, secretary_b=404, nobody=404, other_staff=404)
#: The township's decisions on a member of A (move, leaving): staff only.
BRANCH_A_STAFF = expect(leader=403, secretary_a=403, secretary_b=404, nobody=404, other_staff=404)


def _probationary(w):
    from tests.factories import MemberFactory

    member = MemberFactory(
        branch=w.branch_a,
        name="预备甲",
        joined_on=datetime.date(2016, 7, 1),
        full_member_on=None,
    )
    return {"pk": member.pk}


def _left_with_document(w):
    from django.core.files.base import ContentFile

    from tests.factories import MemberFactory

    member = MemberFactory(
        branch=w.branch_a,
        name="已故甲",
        left_on=datetime.date(2016, 3, 1),
        leave_reason="death",
    )
    member.leave_document.save("death.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"pk": member.pk}


UPKEEP_ROUTES = {
    # Staff add anywhere in their township, a secretary in their own branch.
    "members:new": (lambda w: {}, expect(leader=403, nobody=403)),
    "members:edit": (lambda w: {"pk": w.member_a.pk}, BRANCH_A_WRITE),
    "members:move": (lambda w: {"pk": w.member_a.pk}, BRANCH_A_STAFF),
    "members:leave": (lambda w: {"pk": w.member_a.pk}, BRANCH_A_STAFF),
    "members:leave-document": (
        _left_with_document,
        expect(leader=403, secretary_b=404, nobody=404, other_staff=404),
    ),
    "members:probation": (_probationary, BRANCH_A_WRITE),
    "members:reduced": (lambda w: {}, ROLE_LIST),
    "members:reduced-export": (lambda w: {}, ROLE_LIST),
}
