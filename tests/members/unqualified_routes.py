"""Permission rows of the 不合格 follow-up pages (members/views/unqualified.py)."""

import datetime

from tests.routes import ROLE_LIST, expect

#: Staff and the secretary of A record; leadership reads only; others do not see it.
BRANCH_A_WRITE = expect(leader=403, secretary_b=404, nobody=404, other_staff=404)


def _unqualified(w, *, follow_up=False, document=False):
    from django.core.files.base import ContentFile

    from members.models import Appraisal, UnqualifiedFollowUp

    appraisal = Appraisal.objects.create(
        member=w.member_a, branch=w.branch_a, year=2015, result="unqualified"
    )
    if not follow_up:
        return {"pk": appraisal.pk}
    f = UnqualifiedFollowUp.objects.create(
        appraisal=appraisal,
        ordered_on=datetime.date(2016, 1, 15),
        deadline=datetime.date(2016, 7, 15),
    )
    if document:
        f.document.save("decision.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        return {"pk": f.pk}
    return {"pk": appraisal.pk}


UNQUALIFIED_ROUTES = {
    "members:unqualified": (lambda w: {}, ROLE_LIST),
    "members:follow-up": (_unqualified, BRANCH_A_WRITE),
    "members:follow-up-outcome": (lambda w: _unqualified(w, follow_up=True), BRANCH_A_WRITE),
    "members:follow-up-document": (
        lambda w: _unqualified(w, follow_up=True, document=True),
        BRANCH_A_WRITE,
    ),
}
