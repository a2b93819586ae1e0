"""Permission rows of the finance URLs. `w.finance_a` is made on demand for branch A."""

from tests.routes import BRANCH_A_PRIVATE, ROLE_LIST, expect

#: Staff write; leadership and the village's own secretary read (403); others 404.
BRANCH_A_WRITE = expect(leader=403, secretary_a=403, secretary_b=404, nobody=404, other_staff=404)
#: Starting a rectification: staff of any township (their own villages only).
STAFF_ONLY = expect(leader=403, secretary_a=403, secretary_b=403, nobody=403)
#: POST-only: a GET is refused as a method before anything is looked up.
POST_ONLY = expect(
    staff=405, leader=405, secretary_a=405, secretary_b=405, nobody=405, other_staff=405
)


def _finance(w):
    from .factories import make_finance

    if not hasattr(w, "finance_a"):
        w.finance_a = make_finance(w.branch_a)
    return w.finance_a


def _handover(w):
    from .factories import HandoverFactory

    if not hasattr(w, "handover_a"):
        w.handover_a = HandoverFactory(finance=_finance(w))
    return w.handover_a


def _expenditure(w):
    from .factories import ExpenditureFactory

    return ExpenditureFactory(branch=w.branch_a)


def _item_with_file(w):
    from django.core.files.base import ContentFile

    item = _finance(w).items.get(kind="ledger")
    item.evidence_file.save("台账.pdf", ContentFile(b"%PDF-1.4 ledger"), save=True)
    return item


def _disclosure_with_photo(w):
    from django.core.files.base import ContentFile

    from .factories import DisclosureFactory

    disclosure = DisclosureFactory(finance=_finance(w))
    disclosure.photo.save("公开栏.gif", ContentFile(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
    return disclosure


ROUTES = {
    "finance:list": (lambda w: {}, ROLE_LIST),
    "finance:create": (lambda w: {}, STAFF_ONLY),
    "finance:detail": (lambda w: {"pk": _finance(w).pk}, BRANCH_A_PRIVATE),
    "finance:edit": (lambda w: {"pk": _finance(w).pk}, BRANCH_A_WRITE),
    "finance:item": (lambda w: {"pk": _finance(w).pk, "kind": "ledger"}, BRANCH_A_WRITE),
    "finance:group": (lambda w: {"pk": _finance(w).pk}, BRANCH_A_WRITE),
    "finance:add": (lambda w: {"pk": _finance(w).pk, "kind": "debt"}, BRANCH_A_WRITE),
    "finance:handover-sign": (
        lambda w: {"pk": _finance(w).pk, "handover_pk": _handover(w).pk},
        BRANCH_A_WRITE,
    ),
    "finance:reverse": (
        lambda w: {"pk": _finance(w).pk, "kind": "expenditure", "record_pk": _expenditure(w).pk},
        POST_ONLY,
    ),
    # POST only; who may confirm a late entry is tested in test_late_confirmations.py.
    "finance:confirm-late": (
        lambda w: {"pk": _finance(w).pk, "kind": "handover", "record_pk": _handover(w).pk},
        POST_ONLY,
    ),
    "finance:disclosure-pdf": (lambda w: {"pk": _finance(w).pk}, BRANCH_A_PRIVATE),
    "finance:item-file": (lambda w: {"pk": _item_with_file(w).pk}, BRANCH_A_PRIVATE),
    "finance:disclosure-photo": (lambda w: {"pk": _disclosure_with_photo(w).pk}, BRANCH_A_PRIVATE),
    "finance:export": (lambda w: {}, ROLE_LIST),
    "finance:ledger-export": (lambda w: {"pk": _finance(w).pk}, BRANCH_A_PRIVATE),
    "finance:debts-export": (lambda w: {"pk": _finance(w).pk}, BRANCH_A_PRIVATE),
}
