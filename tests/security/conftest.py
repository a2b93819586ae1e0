"""The demo township, loaded once per test module inside a transaction that is rolled back."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings

DEMO_PASSWORD = "Demo-pw-2016!"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Yields the demo township; every row it wrote is rolled back after the module."""
    from django.db import transaction

    from township.models import Township

    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as mp,
        override_settings(
            TOWNSHIP_TODAY=datetime.date(2016, 12, 20),
            MEDIA_ROOT=media,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        mp.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
        with transaction.atomic():
            call_command("load_demo", stdout=io.StringIO())
            yield Township.objects.get(name="青山乡")
            transaction.set_rollback(True)
