"""Permission rows of the dues URLs: secretaries record their own branch, staff the whole
township, leadership read (403 on writes), the township's ledger and risk list are the
township's."""

from tests.routes import BRANCH_A_PRIVATE, READERS_ONLY, ROLE_LIST, expect

#: Recording a branch's dues: staff and the branch's secretary; leadership 403; others 404.
BRANCH_A_RECORD = expect(leader=403, secretary_b=404, nobody=404, other_staff=404)
#: Staff of a township only.
STAFF_ONLY = expect(leader=403, secretary_a=403, secretary_b=403, nobody=403)
#: POST-only: a GET is refused as a method before anything is looked up.
POST_ONLY = expect(
    staff=405, leader=405, secretary_a=405, secretary_b=405, nobody=405, other_staff=405
)


def _payment(w):
    from .factories import assess, pay

    assess(w.member_a)
    return pay(w.member_a, 1, 1)


def _rate_table(w):
    from .factories import make_table

    return {"pk": make_table(w.township).pk}


#: Correcting a township's rate table: its staff; readers of the township 403; others 404.
TOWNSHIP_STAFF = expect(leader=403, secretary_a=403, secretary_b=403, nobody=404, other_staff=404)

ROUTES = {
    "dues:index": (lambda w: {}, ROLE_LIST),
    "dues:branch": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
    "dues:pay": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_RECORD),
    "dues:remit": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_RECORD),
    "dues:branch-export": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
    "dues:branch-pdf": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
    "dues:assess": (lambda w: {"pk": w.member_a.pk}, BRANCH_A_RECORD),
    "dues:consent": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_RECORD),
    "dues:good-reason": (lambda w: {"pk": w.member_a.pk}, BRANCH_A_RECORD),
    "dues:reverse": (lambda w: {"kind": "payment", "pk": _payment(w).pk}, POST_ONLY),
    "dues:ledger": (lambda w: {}, READERS_ONLY),
    "dues:ledger-add": (lambda w: {}, STAFF_ONLY),
    "dues:ledger-export": (lambda w: {}, READERS_ONLY),
    "dues:risk": (lambda w: {}, STAFF_ONLY),
    "dues:risk-export": (lambda w: {}, STAFF_ONLY),
    "dues:rates": (lambda w: {}, ROLE_LIST),
    "dues:rate-new": (lambda w: {}, STAFF_ONLY),
    "dues:rate-edit": (_rate_table, TOWNSHIP_STAFF),
}
