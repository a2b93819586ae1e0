"""A deployment's township/local_settings.py has the last word on every setting."""

import importlib.util
import sys
import types
from pathlib import Path

from django.conf import settings


def _settings_with_local(monkeypatch, **overrides):
    local = types.ModuleType("township.local_settings")
    local.__dict__.update(overrides)
    monkeypatch.setitem(sys.modules, "township.local_settings", local)
    path = Path(settings.BASE_DIR) / "township" / "settings.py"
    spec = importlib.util.spec_from_file_location("township._settings_probe", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_local_settings_override_the_import_limits_set_at_the_end(monkeypatch):
    probe = _settings_with_local(
        monkeypatch, IMPORT_MAX_ROWS=7, IMPORT_MAX_MB=1, CERTIFICATE_PAGE_SIZE="B5 landscape"
    )
    assert (probe.IMPORT_MAX_ROWS, probe.IMPORT_MAX_MB) == (7, 1)
    assert probe.CERTIFICATE_PAGE_SIZE == "B5 landscape"


def test_without_local_settings_the_defaults_stand(monkeypatch):
    monkeypatch.setitem(sys.modules, "township.local_settings", None)  # ImportError
    path = Path(settings.BASE_DIR) / "township" / "settings.py"
    spec = importlib.util.spec_from_file_location("township._settings_probe", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.IMPORT_MAX_ROWS == settings.IMPORT_MAX_ROWS
