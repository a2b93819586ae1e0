import datetime

from tests.excel_routes import IMPORT_CONFIRM, STAFF_ONLY
from tests.routes import BRANCH_A_PRIVATE, READERS_ONLY, ROLE_LIST, expect

#: A branch A page that changes data: staff and A's secretary; leadership reads only (403).
BRANCH_A_WRITE = expect(leader=403, secretary_b=404, nobody=404, other_staff=404)


def _meeting(w):
    from branches.models import Meeting

    return Meeting.objects.create(
        branch=w.branch_a, kind="members", date=datetime.date(2016, 3, 1), topic="学习党章"
    )


def _photo(w):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from branches.models import MeetingPhoto

    name = "meetings/permission-matrix.gif"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
    return {"pk": MeetingPhoto.objects.create(meeting=_meeting(w), image=name).pk}


ROUTES = {
    "branches:list": (lambda w: {}, ROLE_LIST),
    "branches:detail": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
    "branches:meetings": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
    "branches:meeting-new": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_WRITE),
    "branches:meeting-detail": (lambda w: {"pk": _meeting(w).pk}, BRANCH_A_PRIVATE),
    "branches:meeting-edit": (lambda w: {"pk": _meeting(w).pk}, BRANCH_A_WRITE),
    "branches:meeting-photo": (_photo, BRANCH_A_PRIVATE),
    # POST only (405 to a logged-in GET); who may post is tested in test_late_entries.py.
    "branches:meeting-confirm-late": (
        lambda w: {"pk": _meeting(w).pk},
        expect(
            staff=405, leader=405, secretary_a=405, secretary_b=405, nobody=405, other_staff=405
        ),
    ),
    "branches:meeting-record-pdf": (lambda w: {"pk": _meeting(w).pk}, BRANCH_A_PRIVATE),
    "branches:meeting-sign-in-pdf": (lambda w: {"pk": _meeting(w).pk}, BRANCH_A_PRIVATE),
    "branches:meeting-book-pdf": (lambda w: {"pk": w.branch_a.pk, "year": 2016}, BRANCH_A_PRIVATE),
    "branches:compliance": (lambda w: {}, READERS_ONLY),
    "branches:meetings-export": (lambda w: {"pk": w.branch_a.pk}, BRANCH_A_PRIVATE),
    "branches:compliance-meetings-export": (lambda w: {}, READERS_ONLY),
    "branches:screening": (lambda w: {}, READERS_ONLY),
    "branches:screening-decide": (
        lambda w: {"year": 2016, "pk": w.branch_a.pk},
        expect(
            staff=405, leader=405, secretary_a=405, secretary_b=405, nobody=405, other_staff=405
        ),
    ),
    "branches:export": (lambda w: {}, ROLE_LIST),
    "branches:import": (lambda w: {}, STAFF_ONLY),
    "branches:import-confirm": (lambda w: {}, IMPORT_CONFIRM),
    "branches:import-template": (lambda w: {}, STAFF_ONLY),
    "branches:grades-export": (lambda w: {}, ROLE_LIST),
    "branches:grades-import": (lambda w: {}, STAFF_ONLY),
    "branches:grades-import-confirm": (lambda w: {}, IMPORT_CONFIRM),
    "branches:grades-import-template": (lambda w: {}, STAFF_ONLY),
}
