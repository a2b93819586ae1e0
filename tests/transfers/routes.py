"""Permission rows of the transfers app: letters out and in, activity certificates."""

import datetime

from tests.excel_routes import IMPORT_CONFIRM, STAFF_ONLY
from tests.routes import ROLE_LIST, expect

#: A letter of a member of A: staff, leadership and A's secretary read it.
BRANCH_A_READ = expect(secretary_b=404, nobody=404, other_staff=404)
#: Printing a letter (it carries the ID number) and issuing one: staff only.
BRANCH_A_STAFF = expect(leader=403, secretary_a=403, secretary_b=404, nobody=404, other_staff=404)
#: The certificate goes with the branch: staff and A's secretary.
BRANCH_A_WRITE = expect(leader=403, secretary_b=404, nobody=404, other_staff=404)


def _letter_out(w):
    from transfers.models import TransferOut

    letter = TransferOut.objects.create(
        township=w.township,
        member=w.member_a,
        year=2016,
        number=1,
        issued_on=datetime.date(2016, 10, 1),
        destination="中共某县某镇委员会",
        reason="外出务工",
        dues_paid_to=datetime.date(2016, 9, 1),
        valid_until=datetime.date(2016, 12, 31),
    )
    return {"pk": letter.pk}


def _letter_in(w):
    from transfers.models import TransferIn

    record = TransferIn.objects.create(
        township=w.township,
        branch=w.branch_a,
        member=w.member_a,
        from_organisation="中共某镇委员会",
        letter_number="〔2016〕7号",
        letter_date=datetime.date(2016, 5, 1),
        received_on=datetime.date(2016, 5, 10),
    )
    return {"pk": record.pk}


def _certificate(w):
    from transfers.models import MobileCertificate

    certificate = MobileCertificate.objects.create(
        member=w.member_a,
        number="LD2016001",
        destination="广东省深圳市",
        issued_on=datetime.date(2016, 6, 1),
        valid_until=datetime.date(2016, 12, 1),
    )
    return {"pk": certificate.pk}


ROUTES = {
    "transfers:list": (lambda w: {}, ROLE_LIST),
    "transfers:export": (lambda w: {}, ROLE_LIST),
    "transfers:out-new": (lambda w: {"member_pk": w.member_a.pk}, BRANCH_A_STAFF),
    "transfers:out": (_letter_out, BRANCH_A_READ),
    "transfers:out-receipt": (_letter_out, IMPORT_CONFIRM),
    "transfers:out-close": (_letter_out, IMPORT_CONFIRM),
    "transfers:out-pdf": (_letter_out, BRANCH_A_STAFF),
    "transfers:out-docx": (_letter_out, BRANCH_A_STAFF),
    "transfers:receipt-by-number": (lambda w: {}, IMPORT_CONFIRM),
    "transfers:in-new": (lambda w: {}, STAFF_ONLY),
    "transfers:in": (_letter_in, BRANCH_A_READ),
    "transfers:in-pdf": (_letter_in, BRANCH_A_STAFF),
    "transfers:certificate-new": (lambda w: {"member_pk": w.member_a.pk}, BRANCH_A_WRITE),
    "transfers:certificate-pdf": (_certificate, BRANCH_A_WRITE),
}
