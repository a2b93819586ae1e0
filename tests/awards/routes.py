"""Every awards URL × every kind of user. Objects are made on demand in the township."""

import datetime

from awards.models import NominationFile, Objection
from tests.routes import expect
from township.dates import today

from .factories import decided_round, open_round, round_at_notice

ROLE_READ = expect(nobody=404, other_staff=404)
STAFF_WRITE = expect(leader=403, secretary_a=403, secretary_b=403, nobody=404, other_staff=404)


def _open(w):
    if not hasattr(w, "_open_round"):
        day = today()  # the matrix runs on the real today: keep the window open around it
        w._open_round = open_round(
            w.township,
            year=2099,
            nominations_open_on=day - datetime.timedelta(days=1),
            nominations_close_on=day + datetime.timedelta(days=30),
            meeting_on=day + datetime.timedelta(days=40),
        )
    return w._open_round


def _decided(w):
    if not hasattr(w, "_decided"):
        w._decided = decided_round(w)
    return w._decided


def _notice(w):
    if not hasattr(w, "_notice"):
        w._notice = round_at_notice(w, starts_on=datetime.date(2016, 12, 19))
    return w._notice


def _nomination_a(w):
    return _notice(w).nominations.get(member=w.member_a)


def _file(w):
    from django.core.files.base import ContentFile

    f = NominationFile(nomination=_nomination_a(w), name="材料.pdf")
    f.file.save("x.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return f


def _objection(w):
    return Objection.objects.create(
        nomination=_nomination_a(w), received_on=datetime.date(2016, 12, 19), content="意见"
    )


ROUTES = {
    "awards:round-list": (lambda w: {}, expect(nobody=403)),
    "awards:round-create": (
        lambda w: {},
        expect(leader=403, secretary_a=403, secretary_b=403, nobody=403),
    ),
    "awards:round-detail": (lambda w: {"pk": _open(w).pk}, ROLE_READ),
    "awards:round-edit": (lambda w: {"pk": _open(w).pk}, STAFF_WRITE),
    "awards:nominations-export": (lambda w: {"pk": _open(w).pk}, ROLE_READ),
    "awards:quotas": (lambda w: {"pk": _open(w).pk}, STAFF_WRITE),
    "awards:nominate": (
        lambda w: {"pk": _open(w).pk},
        expect(leader=403, nobody=404, other_staff=404),
    ),
    "awards:start-notice": (lambda w: {"pk": _open(w).pk}, STAFF_WRITE),
    "awards:decide": (lambda w: {"pk": _notice(w).pk}, STAFF_WRITE),
    "awards:notice-pdf": (lambda w: {"pk": _notice(w).pk}, ROLE_READ),
    "awards:decision-pdf": (lambda w: {"pk": _decided(w).pk}, ROLE_READ),
    "awards:certificates-pdf": (lambda w: {"pk": _decided(w).pk}, ROLE_READ),
    "awards:round-notice-pdf": (lambda w: {"pk": _decided(w).pk}, ROLE_READ),
    "awards:round-notice-docx": (lambda w: {"pk": _decided(w).pk}, ROLE_READ),
    "awards:notice-docx": (lambda w: {"pk": _notice(w).pk}, ROLE_READ),
    "awards:decision-docx": (lambda w: {"pk": _decided(w).pk}, ROLE_READ),
    # On notice: the shortlist is public to the township's secretaries too.
    "awards:nomination-detail": (lambda w: {"pk": _nomination_a(w).pk}, ROLE_READ),
    "awards:assess": (lambda w: {"pk": _nomination_a(w).pk}, STAFF_WRITE),
    "awards:objection-add": (lambda w: {"pk": _nomination_a(w).pk}, STAFF_WRITE),
    "awards:objection-resolve": (lambda w: {"pk": _objection(w).pk}, STAFF_WRITE),
    # POST only: a GET is refused once the login is passed.
    "awards:file-upload": (
        lambda w: {"pk": _nomination_a(w).pk},
        expect(
            **{
                k: 405
                for k in ["staff", "leader", "secretary_a", "secretary_b", "nobody", "other_staff"]
            }
        ),
    ),
    # Files may hold personal data: readers and the nominating branch only.
    "awards:file-download": (
        lambda w: {"pk": _file(w).pk},
        expect(secretary_b=404, nobody=404, other_staff=404),
    ),
}
