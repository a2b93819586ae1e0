"""Permission rows of the organisational-life and cadre-pipeline pages (members/views/orglife.py)."""

import datetime

from tests.routes import BRANCH_A_PRIVATE, ROLE_LIST, expect

#: A branch A page that changes data: staff and A's secretary; leadership reads only (403).
BRANCH_A_WRITE = expect(leader=403, secretary_b=404, nobody=404, other_staff=404)


def _applicant(w):
    from members.models import Applicant
    from tests.factories import applicant_kwargs

    return {"pk": Applicant.objects.create(**applicant_kwargs(w.branch_a)).pk}


def _campaign(w):
    from members.models import Campaign

    campaign = Campaign.objects.create(
        township=w.township,
        year=2016,
        kind="double_strive",
        title="双争活动",
        standards="五好",
        starts_on=datetime.date(2016, 3, 1),
        ends_on=datetime.date(2016, 12, 31),
    )
    return {"pk": campaign.pk}


def _step_file(w):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from members.models import Applicant, DevelopmentStep
    from tests.factories import applicant_kwargs

    name = "development/permission-matrix.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    applicant = Applicant.objects.create(**applicant_kwargs(w.branch_a))
    step = DevelopmentStep.objects.create(
        applicant=applicant, kind="review", on=datetime.date(2016, 3, 1), document=name
    )
    return {"pk": step.pk}


#: POST only: a GET is refused as a method before anything is looked up.
POST_ONLY = expect(
    staff=405, leader=405, secretary_a=405, secretary_b=405, nobody=405, other_staff=405
)


def _appraisal(w):
    from members.models import Appraisal

    appraisal = Appraisal.objects.create(
        member=w.member_a, branch=w.branch_a, year=2015, result="qualified"
    )
    return {"pk": appraisal.pk}


def _contact(w):
    from members.models import ContactLog

    contact = ContactLog.objects.create(
        member=w.member_a, date=datetime.date(2016, 3, 1), how="phone", what="了解情况"
    )
    return {"pk": contact.pk}


ORGLIFE_ROUTES = {
    "members:contact-new": (lambda w: {"pk": w.member_a.pk}, BRANCH_A_WRITE),
    "members:mobility": (lambda w: {"pk": w.member_a.pk}, BRANCH_A_WRITE),
    "members:appraisals": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
    # POST only; who may confirm a late entry is tested in test_late_confirmations.py.
    "members:appraisal-confirm-late": (_appraisal, POST_ONLY),
    "members:contact-confirm-late": (_contact, POST_ONLY),
    "members:mobile": (lambda w: {}, ROLE_LIST),
    "members:pipeline": (lambda w: {}, ROLE_LIST),
    "members:applicant-new": (lambda w: {}, expect(leader=403, nobody=403)),
    "members:applicant": (_applicant, BRANCH_A_PRIVATE),
    "members:development-step-add": (
        _applicant,
        expect(
            staff=405, leader=405, secretary_a=405, secretary_b=405, nobody=405, other_staff=405
        ),
    ),
    "members:development-step-file": (_step_file, BRANCH_A_PRIVATE),
    "members:reserve": (lambda w: {}, ROLE_LIST),
    "members:campaigns": (lambda w: {}, ROLE_LIST),
    # Campaigns belong to the township: its secretaries read them too.
    "members:campaign": (_campaign, expect(nobody=404, other_staff=404)),
}
