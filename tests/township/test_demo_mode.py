"""`bash setup.sh run` serves the demo as production does (DEBUG=0, collected static files,
Chinese error pages) on plain HTTP, and the console gets one line per event."""

import logging
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# What setup.sh exports for `run`, minus the database and the secret it generates.
PROBE = r"""
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
call_command("collectstatic", "--noinput", "-v0")
client = Client()
missing = client.get("/no-such-page/", HTTP_HOST="127.0.0.1")
login = client.get("/accounts/login/", HTTP_HOST="127.0.0.1")
print("STATUS", missing.status_code, login.status_code)
print("DEBUG", settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT)
print("BODY404", missing.content.decode())
print("BODYLOGIN", login.content.decode())
"""


def test_the_demo_shows_chinese_error_pages_and_serves_over_http(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": "demo-mode-test-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # Neither page touches the database.
        "DATABASE_URL": "sqlite://:memory:",
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=True, capture_output=True
    ).stdout.decode()
    assert "STATUS 404 200" in out
    assert "DEBUG False False False" in out
    page404 = out.split("BODY404", 1)[1].split("BODYLOGIN", 1)[0]
    assert "页面不存在" in page404 or "找不到" in page404
    # Not Django's debug page with the URL list.
    assert "URLconf" not in page404 and "Using the URLconf" not in page404
    login = out.split("BODYLOGIN", 1)[1]
    # Static files by their collected, hashed names, and the favicon.
    assert "/static/css/app." in login and "favicon." in login


def test_the_console_gets_no_pdf_narration_and_no_double_lines():
    assert not logging.getLogger("weasyprint").isEnabledFor(logging.INFO)
    assert not logging.getLogger("fontTools.subset").isEnabledFor(logging.INFO)
    django_config = settings.LOGGING["loggers"]["django"]
    assert django_config["propagate"] is False and django_config["handlers"] == ["console"]
    # Requests still reach the console, a line each.
    assert logging.getLogger("django.server").isEnabledFor(logging.INFO)
