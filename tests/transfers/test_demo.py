"""The demo's transfers: a member transferred out in January (receipt returned: off the
roster), a letter whose receipt is overdue (its dues month from the ledger as it stood),
and a member received from another township; the roster keeps 239 members, a second run
changes nothing, and the data passes its own consistency check."""

import datetime
import io

import pytest
from django.core.management import call_command

from dues.selectors import dues_paid_up_to
from members.models import Member
from overview.consistency import contradictions
from overview.demo import load_demo
from township.models import Township
from transfers.models import TransferIn, TransferOut
from transfers.selectors import overdue_letters

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_demo_holds_realistic_transfers(demo):
    township = Township.objects.get()

    received, waiting = TransferOut.objects.order_by("number")
    assert received.status == TransferOut.Status.RECEIVED and received.receipt_on
    gone = Member.objects.get(pk=received.member_id)
    assert not gone.is_current and gone.left_on == received.receipt_on
    assert gone.leave_reason == Member.LeaveReason.TRANSFER
    # The ledger starts with 2016: nothing recorded before the January letter.
    assert received.dues_paid_to is None and dues_paid_up_to(gone) is None

    assert waiting.is_open and waiting.is_overdue
    assert list(overdue_letters(TransferOut.objects.all())) == [waiting]
    assert waiting.member.is_current
    assert waiting.dues_paid_to == dues_paid_up_to(waiting.member, on=waiting.issued_on)
    assert waiting.dues_paid_to is not None

    arrived = TransferIn.objects.get()
    assert arrived.member.is_current and arrived.member.branch == arrived.branch
    assert arrived.received_on < D(2016, 1, 1)

    assert Member.objects.current().filter(branch__township=township).count() == 239
    assert contradictions(township) == []
    out = io.StringIO()
    call_command("check_data", stdout=out)
    assert "No contradictions" in out.getvalue()

    counts = [m.history.count() for m in (TransferOut, TransferIn, Member)]
    load_demo(password=None)
    assert [m.history.count() for m in (TransferOut, TransferIn, Member)] == counts
