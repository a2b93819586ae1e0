"""The interface is Chinese: every message in the code has a translation."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _untranslated(po: Path) -> list[str]:
    """msgids whose msgstr is empty or marked fuzzy."""
    text = po.read_text(encoding="utf-8")
    missing = []
    for entry in text.split("\n\n"):
        if "msgid" not in entry or 'msgid ""\nmsgstr ""\n"Project' in entry:
            continue
        msgid = "".join(
            re.findall(r'^(?:msgid|msgid_plural)? ?"(.*)"$', entry.split("msgstr")[0], re.M)
        )
        if not msgid:
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', entry, re.M)
        empty = all(not (a + b.replace('"', "").replace("\n", "")) for a, b in strs)
        if "#, fuzzy" in entry or empty:
            missing.append(msgid)
    return missing


def test_the_catalogue_covers_every_message(tmp_path):
    """Run makemessages on a copy of the code: a new message without a Chinese translation
    (or a stale catalogue) fails here."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv*",
            ".git",
            "setup.log",
            "media",
            "staticfiles",
            "*.sqlite3",
            "__pycache__",
            "tests",
            "bench",
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
            "--ignore=.venv",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    missing = _untranslated(copy / "locale/zh_Hans/LC_MESSAGES/django.po")
    assert not missing, f"Messages without a Chinese translation: {missing[:20]}"


def test_chinese_is_the_default_language(client):
    page = client.get("/accounts/login/").content.decode()
    assert "登录" in page and "用户名" in page
