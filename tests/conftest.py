"""Named people for every role: staff, leadership, the secretary of branch A, the
secretary of branch B (the outsider), a user with no role, staff of another township."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from township.models import Role, Township

from .factories import BranchFactory, MemberFactory, TownshipFactory, UserFactory, make_role


def _refuse_dropped_meta_ordering():
    """Django drops a model's Meta.ordering from a query with GROUP BY (an aggregate
    annotation): the rows then come in whatever order the database likes, which on
    PostgreSQL changes with its statistics. Such a query must say its order (order_by(),
    empty when the order does not matter); this fails the test that runs one without."""
    from django.db.models.sql.compiler import SQLCompiler

    as_sql = SQLCompiler.as_sql

    def checked(self, *args, **kwargs):
        sql, params = as_sql(self, *args, **kwargs)
        if self._meta_ordering and self.query.group_by is not None and not self.query.subquery:
            raise AssertionError(
                f"{self.query.model.__name__}: Meta.ordering is ignored with GROUP BY; "
                "give the query an explicit order_by()"
            )
        return sql, params

    SQLCompiler.as_sql = checked


_refuse_dropped_meta_ordering()


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _strict_pdf_fetch(settings):
    """A PDF whose stylesheet, font or image cannot be fetched fails the test that renders it."""
    settings.PDF_FETCH_STRICT = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Figures cached under the data version (township/dataversion.py) never cross tests."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


#: The demo as `bash setup.sh run` serves it: the domain's today pinned to the seed's date.
DEMO_TODAY = datetime.date(2016, 12, 20)
DEMO_PASSWORD = "demo-pass-2016"


@pytest.fixture(scope="module")
def _demo_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once per test module, inside a transaction rolled back after the
    module; each test runs in a savepoint of its own within it (the `db` fixture), so what
    a test writes is gone before the next. Loading takes ~13 s: once per module instead of
    once per test. pytest_collection_modifyitems runs a module's tests without the demo
    first, so they never see it."""
    from django.db import transaction
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as mp,
        override_settings(
            TOWNSHIP_TODAY=DEMO_TODAY,
            MEDIA_ROOT=media,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        mp.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        with transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            yield media
            transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_module, db, settings, monkeypatch):
    """The demo township (青山乡) as `load_demo` writes it, today pinned to 2016-12-20; what
    the test changes is rolled back with it (the load itself is shared by the module)."""
    settings.TOWNSHIP_TODAY = DEMO_TODAY
    settings.MEDIA_ROOT = _demo_module
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    return Township.objects.get(name="青山乡")


def pytest_collection_modifyitems(items):
    """Within each module, the tests that do not use the shared demo run before those that
    do (a stable sort: the order is otherwise kept), since the demo stays loaded from the
    first test that asks for it to the end of the module."""
    position = {}
    for index, item in enumerate(items):
        position.setdefault(item.module, index)
    items.sort(
        key=lambda item: (
            position[item.module],
            "_demo_module" in getattr(item, "fixturenames", ()),
        )
    )


@pytest.fixture
def world(db):
    township = TownshipFactory(name="青山乡")
    other_township = TownshipFactory(name="白云乡")
    branch_a = BranchFactory(township=township, name="甲村党支部")
    branch_b = BranchFactory(township=township, name="乙村党支部")
    branch_x = BranchFactory(township=other_township, name="外乡党支部")
    member_a = MemberFactory(branch=branch_a, name="张三")
    member_b = MemberFactory(branch=branch_b, name="李四")
    member_x = MemberFactory(branch=branch_x, name="王五")

    def user(name, kind=None, where=None, branch=None):
        u = UserFactory(username=name)
        if kind:
            make_role(u, kind, where, branch)
        return u

    return SimpleNamespace(
        township=township,
        other_township=other_township,
        branch_a=branch_a,
        branch_b=branch_b,
        branch_x=branch_x,
        member_a=member_a,
        member_b=member_b,
        member_x=member_x,
        staff=user("zuzhi", Role.Kind.STAFF, township),
        leader=user("lingdao", Role.Kind.LEADER, township),
        secretary_a=user("shuji_a", Role.Kind.SECRETARY, township, branch_a),
        secretary_b=user("shuji_b", Role.Kind.SECRETARY, township, branch_b),
        nobody=user("nobody"),
        other_staff=user("other_staff", Role.Kind.STAFF, other_township),
    )


@pytest.fixture
def as_user(client):
    """as_user(user) -> a client logged in as that user (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login
