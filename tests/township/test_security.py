import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessLog
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x9Tq2" * 12,
    "ALLOWED_HOSTS": "dangjian.example.gov.cn",
    "CSRF_TRUSTED_ORIGINS": "https://dangjian.example.gov.cn",
}


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_reports_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_a_bad_boolean_fails_loudly():
    result = manage("check", env={"DEBUG": "maybe"})
    assert result.returncode != 0 and "DEBUG" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_script(client):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_an_inline_script():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", path.read_text(encoding="utf-8")):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.relative_to(ROOT)}: {tag}")
            if re.search(r"\son[a-z]+=", tag):
                offenders.append(f"{path.relative_to(ROOT)}: {tag}")
    assert not offenders


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_with_a_chinese_message(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "shuji_a", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "shuji_a", "password": "pw-Aa123456"})
    assert response.status_code in (403, 429)
    assert "登录失败次数过多" in response.content.decode()


@pytest.mark.django_db
def test_a_login_is_recorded_and_the_wrong_password_is_refused_in_chinese(world, client):
    response = client.post("/accounts/login/", {"username": "shuji_a", "password": "wrong"})
    assert response.status_code == 200 and "用户名" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "shuji_a", "password": "pw-Aa123456"})
    assert response.status_code == 302
    assert AccessLog.objects.filter(username="shuji_a").exists()


@pytest.mark.django_db
def test_changing_the_password_logs_out_other_sessions(world, client, django_user_model):
    from django.test import Client

    other = Client()
    other.force_login(world.secretary_a)
    client.force_login(world.secretary_a)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "pw-Aa123456",
            "new_password1": "Qingshan-2016!x",
            "new_password2": "Qingshan-2016!x",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session stays
    assert other.get("/").status_code == 302  # the other one is logged out


@pytest.mark.django_db
def test_weak_passwords_are_refused(world, client):
    client.force_login(world.secretary_a)
    response = client.post(
        "/accounts/password/",
        {"old_password": "pw-Aa123456", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert world.secretary_a.__class__.objects.get(pk=world.secretary_a.pk).check_password(
        "pw-Aa123456"
    )


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 120 * 60
