"""Objects of another branch or township answer 404 on every route that names one, and
file-serving URLs never read outside MEDIA_ROOT."""

import pytest
from django.urls import reverse

from tests.routes import USERS
from tests.security.helpers import history_rows
from tests.test_permission_matrix import ROUTES

pytestmark = pytest.mark.django_db

#: Rows whose object belongs to the whole township (a round, a campaign, a plan or measure),
#: not to branch A: other branches' secretaries may read them.
TOWNSHIP_OBJECTS = {
    "awards:round-detail",
    "awards:round-edit",
    "awards:nominations-export",
    "awards:quotas",
    "awards:nominate",
    "awards:start-notice",
    "awards:decide",
    "awards:notice-pdf",
    "awards:decision-pdf",
    "awards:certificates-pdf",
    "awards:round-notice-pdf",
    "awards:round-notice-docx",
    "awards:notice-docx",
    "awards:decision-docx",
    "awards:nomination-detail",  # on public notice: the township's shortlist
    "awards:assess",
    "awards:objection-add",
    "awards:objection-resolve",
    "awards:file-upload",
    "members:campaign",
    "plans:tasks-new",
    "plans:next-year",
    "plans:next-year-start",
}


def _object_routes():
    from django.urls import get_resolver

    names = []
    for name in sorted(ROUTES):
        ns, _, short = name.rpartition(":")
        resolver = get_resolver()
        if ns:
            resolver = resolver.namespace_dict[ns][1]
        params = {
            p for poss, *_ in resolver.reverse_dict.getlist(short) for _f, ps in poss for p in ps
        }
        if any(p.endswith("pk") for p in params):
            names.append(name)
    return names


OBJECT_ROUTES = _object_routes()


def test_routes_with_an_object_are_found():
    assert "members:detail" in OBJECT_ROUTES and "plans:evidence" in OBJECT_ROUTES
    assert "members:list" not in OBJECT_ROUTES
    assert len(OBJECT_ROUTES) >= 40


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_the_table_keeps_other_scopes_out_of_every_object(name):
    expected = ROUTES[name][1]
    assert set(expected) == set(USERS)
    if all(expected[who] == 405 for who in USERS if who != "anon"):
        pytest.skip("POST only: checked by posting below")
    assert expected["other_staff"] == 404, "another township's staff must get 404"
    if name not in TOWNSHIP_OBJECTS:
        assert expected["secretary_b"] in (403, 404), "another branch's secretary"
        assert expected["nobody"] in (403, 404)


POST_ONLY_OBJECT_ROUTES = [
    name
    for name in OBJECT_ROUTES
    if all(ROUTES[name][1][who] == 405 for who in USERS if who != "anon")
]


@pytest.mark.parametrize("name", POST_ONLY_OBJECT_ROUTES)
def test_posting_to_another_scopes_object_is_refused(name, world, client):
    kwargs_of, _expected = ROUTES[name]
    url = reverse(name, kwargs=kwargs_of(world))
    before = history_rows()
    got = {}
    for who in ["other_staff", "secretary_b", "nobody"]:
        client.force_login(getattr(world, who))
        got[who] = client.post(url, {"text": "x", "percent": "100", "reason": "x"}).status_code
    assert got["other_staff"] == 404
    if name in TOWNSHIP_OBJECTS:
        assert got["secretary_b"] in (403, 404)
    else:
        assert got["secretary_b"] == 404
    assert got["nobody"] in (403, 404)
    assert history_rows() == before, "a refused POST saved something"


# --- Files: path traversal in the URL and in a stored name --------------------------------

SECRET = b"TOP-SECRET-OUTSIDE-MEDIA"


def _file_rows(w):
    """One row of each file-serving model, its file stored normally; name -> (url name, row)."""
    import datetime

    from django.core.files.base import ContentFile

    from awards.models import NominationFile
    from branches.models import Meeting, MeetingPhoto
    from tests.awards.factories import round_at_notice
    from tests.finance.factories import DisclosureFactory, make_finance
    from tests.plans.factories import (
        PDF,
        EvidenceFactory,
        LetterFactory,
        TaskFactory,
        TaskUpdateFactory,
    )

    meeting = Meeting.objects.create(
        branch=w.branch_a, kind="members", date=datetime.date(2016, 3, 1), topic="学习"
    )
    photo = MeetingPhoto(meeting=meeting)
    photo.image.save("p.gif", ContentFile(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
    evidence = EvidenceFactory(update=TaskUpdateFactory(task=TaskFactory(branch=w.branch_a)))
    letter = LetterFactory(branch=w.branch_a, scan=ContentFile(PDF, name="letter.pdf"))
    nomination = round_at_notice(w).nominations.get(member=w.member_a)
    attachment = NominationFile(nomination=nomination, name="材料.pdf")
    attachment.file.save("x.pdf", ContentFile(PDF))
    finance = make_finance(w.branch_a)
    item = finance.items.get(kind="ledger")
    item.evidence_file.save("台账.pdf", ContentFile(PDF))
    disclosure = DisclosureFactory(finance=finance)
    disclosure.photo.save("公开栏.gif", ContentFile(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"))
    departed = w.member_a
    departed.leave_document.save("决定.pdf", ContentFile(PDF))
    from members.models import Applicant, DevelopmentStep
    from tests.factories import applicant_kwargs

    step = DevelopmentStep(
        applicant=Applicant.objects.create(**applicant_kwargs(w.branch_a)),
        kind="review",
        on=datetime.date(2016, 3, 1),
    )
    step.document.save("政审.pdf", ContentFile(PDF))
    from members.models import Appraisal, UnqualifiedFollowUp

    follow_up = UnqualifiedFollowUp.objects.create(
        appraisal=Appraisal.objects.create(
            member=w.member_a, branch=w.branch_a, year=2015, result="unqualified"
        ),
        ordered_on=datetime.date(2016, 1, 15),
        deadline=datetime.date(2016, 7, 15),
    )
    follow_up.document.save("除名决定.pdf", ContentFile(PDF))
    return {
        "members:follow-up-document": (follow_up, "document"),
        "members:leave-document": (departed, "leave_document"),
        "members:development-step-file": (step, "document"),
        "branches:meeting-photo": (photo, "image"),
        "plans:evidence": (evidence, "file"),
        "plans:letter-scan": (letter, "scan"),
        "awards:file-download": (attachment, "file"),
        "finance:item-file": (item, "evidence_file"),
        "finance:disclosure-photo": (disclosure, "photo"),
    }


FILE_ROUTES = [
    "members:development-step-file",
    "branches:meeting-photo",
    "plans:evidence",
    "plans:letter-scan",
    "awards:file-download",
    "finance:item-file",
    "finance:disclosure-photo",
    "members:leave-document",
    "members:follow-up-document",
]
TRAVERSALS = [
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "%2e%2e%2f%2e%2e%2fsecret.txt",
    "..%5c..%5csecret.txt",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "1/../../secret.txt",
]


def _serves_files(callback) -> bool:
    import inspect

    source = inspect.getsource(inspect.unwrap(callback))
    return any(word in source for word in ("serve_private_file", "FileResponse", ".open("))


def test_every_file_serving_route_is_known():
    """A new download URL must be added to FILE_ROUTES (and so to the traversal checks):
    every view whose code serves a stored file is found from the URL configuration."""
    from django.urls import get_resolver

    found = set()
    for name in ROUTES:
        ns, _, short = name.rpartition(":")
        match = get_resolver().namespace_dict.get(ns, (None, get_resolver()))[1]
        for pattern in match.url_patterns:
            if getattr(pattern, "name", None) == short and _serves_files(pattern.callback):
                found.add(name)
    assert found == set(FILE_ROUTES)


def test_every_download_view_uses_the_shared_private_serving():
    """One helper answers 404 for a missing file or a name outside MEDIA_ROOT: no view
    opens a stored file by itself."""
    import inspect

    from django.urls import get_resolver

    for name in FILE_ROUTES:
        ns, _, short = name.rpartition(":")
        match = get_resolver().namespace_dict[ns][1]
        (callback,) = [p.callback for p in match.url_patterns if getattr(p, "name", None) == short]
        source = inspect.getsource(inspect.unwrap(callback))
        assert "serve_private_file(" in source and "FileResponse" not in source, name


def test_a_download_is_private_and_never_sniffed(world, client):
    rows = _file_rows(world)
    client.force_login(world.staff)
    for name in FILE_ROUTES:
        row, _field = rows[name]
        response = client.get(reverse(name, kwargs={"pk": row.pk}))
        assert response.status_code == 200, name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Cache-Control"] == "private", name


@pytest.mark.parametrize("name", FILE_ROUTES)
def test_path_traversal_in_a_download_url_is_404(name, world, client, settings, tmp_path):
    (tmp_path / "secret.txt").write_bytes(SECRET)
    rows = _file_rows(world)
    row, _field = rows[name]
    good = reverse(name, kwargs={"pk": row.pk})
    client.force_login(world.staff)
    assert client.get(good).status_code == 200  # the honest URL serves the file
    base = good.rstrip("/").rsplit("/", 1)[0] + "/"
    for attack in TRAVERSALS:
        for url in (base + attack, good + attack, base + attack + "/"):
            response = client.get(url)
            assert response.status_code == 404, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert SECRET not in body and b"root:" not in body


@pytest.mark.parametrize(
    "attack", ["/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/x.pdf"]
)
def test_media_is_not_served_by_path(attack, world, client, tmp_path):
    """Uploaded files are reached only through the checked views, never as /media/ paths."""
    (tmp_path / "secret.txt").write_bytes(SECRET)
    client.force_login(world.staff)
    response = client.get(attack)
    assert response.status_code == 404


@pytest.mark.parametrize("name", FILE_ROUTES)
@pytest.mark.parametrize("stored", ["../secret.txt", "ABSOLUTE", "x/../../secret.txt"])
def test_a_stored_name_outside_media_is_never_read(name, stored, world, client, settings, tmp_path):
    """Even a row whose stored file name was forged (e.g. in the database) serves nothing
    outside MEDIA_ROOT: Django's storage refuses the path and the view answers 404."""
    secret = tmp_path / "secret.txt"
    secret.write_bytes(SECRET)
    rows = _file_rows(world)
    row, field = rows[name]
    bad = str(secret) if stored == "ABSOLUTE" else stored
    type(row).objects.filter(pk=row.pk).update(**{field: bad})
    client.force_login(world.staff)
    response = client.get(reverse(name, kwargs={"pk": row.pk}))
    assert response.status_code == 404
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SECRET not in body
