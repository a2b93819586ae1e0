"""PostgreSQL connections run without JIT compilation (issue 20: compiling the county's
organisational-life tally took longer than running it), unless the deployment's
DATABASE_URL says otherwise."""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


def _settings_with(monkeypatch, database_url):
    monkeypatch.setenv("DATABASE_URL", database_url)
    path = Path(settings.BASE_DIR) / "township" / "settings.py"
    spec = importlib.util.spec_from_file_location("township._settings_probe", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DATABASES["default"]


def test_a_postgresql_url_gets_jit_off(monkeypatch):
    db = _settings_with(monkeypatch, "postgres://u@127.0.0.1:5432/township")
    assert db["OPTIONS"]["options"] == "-c jit=off"


def test_options_in_the_url_are_kept(monkeypatch):
    db = _settings_with(
        monkeypatch, "postgres://u@127.0.0.1:5432/township?options=-c%20statement_timeout%3D5000"
    )
    assert db["OPTIONS"]["options"] == "-c statement_timeout=5000"


def test_sqlite_gets_no_postgresql_option(monkeypatch):
    db = _settings_with(monkeypatch, "sqlite:////tmp/probe.sqlite3")
    assert "options" not in db.get("OPTIONS", {})


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_the_connection_runs_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
