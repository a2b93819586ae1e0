"""The demo's 2016 dues: every member assessed with a realistic base for their category, a
few in arrears, one mobile member six months behind; a second run changes nothing."""

from decimal import Decimal

import pytest

from dues import demo as dues_demo
from dues.models import Assessment, Category, Payment, Remittance, TownshipEntry
from dues.selectors import dues_overview, leaving_risk, member_dues
from members.models import Member
from township.models import Township

from .factories import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_holds_2016s_dues(demo, settings):
    settings.TOWNSHIP_TODAY = TODAY
    township = Township.objects.get()
    assert Assessment.objects.filter(year=2016).count() == 239
    for a in Assessment.objects.filter(category=Category.EMPLOYED):
        assert Decimal("2000") <= a.base <= Decimal("11000")
    assert set(
        Assessment.objects.filter(category=Category.LOW_INCOME).values_list("monthly", flat=True)
    ) <= {Decimal("0.20")}
    overview = dues_overview(township, 2016)
    assert 3 <= overview["members_in_arrears"] <= 8
    assert Decimal("95") < overview["rate"] < Decimal("100")
    rows = member_dues(Member.objects.filter(branch__township=township).current(), 2016)
    six = [r.member for r in rows if r.article_9]
    assert len(six) == 1 and six[0].is_mobile
    risks = leaving_risk(Member.objects.filter(branch__township=township))
    assert six[0] in [r["member"] for r in risks if r["dues_flag"]]

    # Nothing dated after the demo's "today".
    assert not Payment.objects.filter(paid_on__gt=TODAY).exists()
    assert not Remittance.objects.filter(remitted_on__gt=TODAY).exists()
    assert not TownshipEntry.objects.filter(entered_on__gt=TODAY).exists()

    counts = [m.history.count() for m in (Assessment, Payment, Remittance, TownshipEntry)]
    dues_demo.load(township)
    assert [m.history.count() for m in (Assessment, Payment, Remittance, TownshipEntry)] == counts
