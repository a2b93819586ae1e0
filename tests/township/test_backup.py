import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from branches.models import BranchGrade
from members.models import Member
from township import dataversion, stamps
from township.models import Township

pytestmark = pytest.mark.django_db(transaction=True)


#: The versions of the data, not data: a restore moves them past every value seen before.
COUNTERS = {"township.DataVersion", "township.TownshipStamp", "township.TownshipWrite"}


def every_table() -> dict:
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label not in COUNTERS
    }


def media_files(root) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _media_with_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "签字表.pdf").write_bytes(b"%PDF-1.4 demo")
    (settings.MEDIA_ROOT / "photo.jpg").write_bytes(bytes(range(256)))
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_with_files(tmp_path, settings, monkeypatch):
    """The whole demo (every table holds rows) and two files: for the round trip."""
    media = _media_with_files(settings, tmp_path)
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-2016")
    call_command("load_demo", stdout=io.StringIO())
    return media


@pytest.fixture
def members_with_files(tmp_path, settings):
    """A branch of three members, a grade and two files: enough for the refusals, which check
    that nothing changed (loading the whole demo for each would cost ~15 s a test)."""
    from tests.factories import BranchFactory, GradeFactory, MemberFactory

    media = _media_with_files(settings, tmp_path)
    branch = BranchFactory()
    GradeFactory(branch=branch, year=2016)
    for name in ("张三", "李四", "王五"):
        MemberFactory(branch=branch, name=name)
    return media


def test_backup_and_restore_round_trip_every_table_and_file(demo_with_files, tmp_path):
    before_tables, before_files = every_table(), media_files(demo_with_files)
    out = io.StringIO()
    call_command("backup", folder=str(tmp_path / "backups"), stdout=out)
    archive = next((tmp_path / "backups").glob("township-backup-*.tar.gz"))

    # Damage everything the archive should bring back.
    Member.objects.filter(pk__in=Member.objects.values("pk")[:5]).update(name="被改动")
    BranchGrade.objects.filter(pk=BranchGrade.objects.order_by("pk").last().pk).delete()
    (demo_with_files / "photo.jpg").unlink()
    (demo_with_files / "stray.txt").write_text("written after the backup")
    assert every_table() != before_tables

    highest = dataversion.data_version()
    epoch = stamps.versioned(Township.objects)[0].epoch
    call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert every_table() == before_tables
    assert media_files(demo_with_files) == before_files
    # Every version past any reached before, and a new epoch for the townships' versions:
    # nothing cached from the data replaced (the damaged names) can be read back under a
    # version the restored counters reach again.
    assert dataversion.data_version() > highest
    restored = stamps.versioned(Township.objects)
    assert restored and all(t.epoch is not None and t.epoch != epoch for t in restored)
    assert stamps.installed()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), yes=True)


def test_restore_asks_first(members_with_files, tmp_path, monkeypatch):
    call_command("backup", folder=str(tmp_path / "b"), stdout=io.StringIO())
    archive = next((tmp_path / "b").glob("*.tar.gz"))
    Member.objects.update(name="改")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        call_command("restore", str(archive))
    assert not Member.objects.exclude(name="改").exists()


def test_restore_refuses_a_tampered_file(members_with_files, tmp_path):
    import tarfile

    call_command("backup", folder=str(tmp_path / "b"), stdout=io.StringIO())
    archive = next((tmp_path / "b").glob("*.tar.gz"))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name == "media/photo.jpg":
                data = b"evil"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    names_before = list(Member.objects.values_list("name", flat=True))
    with pytest.raises(CommandError):
        call_command("restore", str(tampered), yes=True)
    assert list(Member.objects.values_list("name", flat=True)) == names_before


# ---- issue 14 item 7: safe restore on every Python 3.11, private archives, clear errors


def make_archive(path, members: dict, manifest: dict | None = None, extra=()):
    """A .tar.gz with manifest.json plus `members` (name -> bytes) and raw TarInfo `extra`."""
    import hashlib
    import json
    import tarfile

    database = members.get("database/db.sqlite3", b"")
    manifest = manifest or {
        "format": 1,
        "created": "2016-12-20T10:00:00+08:00",
        "database": "sqlite",
        "database_file": "database/db.sqlite3",
        "database_sha256": hashlib.sha256(database).hexdigest(),
        "media": {
            name.removeprefix("media/"): hashlib.sha256(data).hexdigest()
            for name, data in members.items()
            if name.startswith("media/")
        },
    }
    with tarfile.open(path, "w:gz") as tar:
        body = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info, data in extra:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


@pytest.fixture
def backed_up(members_with_files, tmp_path):
    call_command("backup", folder=str(tmp_path / "b"), stdout=io.StringIO())
    return next((tmp_path / "b").glob("*.tar.gz"))


def rewrite(archive, target, change):
    """Copy `archive` to `target`, passing each (TarInfo, bytes) through change()."""
    import tarfile

    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            for info, body in change(member, data):
                if body is not None:
                    info.size = len(body)
                dst.addfile(info, io.BytesIO(body) if body is not None else None)
    return target


def test_restore_works_without_tarfile_extraction_filters(backed_up, monkeypatch):
    """Python 3.11.2 (Debian 12) has no extractall(filter=): restore must not need it."""
    import tarfile

    def old_extractall(self, path=".", members=None, *, numeric_owner=False):
        raise AssertionError("restore must check and write each member itself")

    monkeypatch.setattr(tarfile.TarFile, "extractall", old_extractall)
    monkeypatch.setattr(tarfile.TarFile, "extract", old_extractall)
    Member.objects.update(name="改")
    call_command("restore", str(backed_up), yes=True, stdout=io.StringIO())
    assert not Member.objects.filter(name="改").exists()


def test_backup_archive_and_folder_are_private_to_their_owner(backed_up):
    import stat

    assert stat.S_IMODE(backed_up.stat().st_mode) == 0o600
    assert stat.S_IMODE(backed_up.parent.stat().st_mode) == 0o700


def test_the_manifest_checksums_the_database_dump(backed_up):
    import hashlib
    import tarfile

    from township.backup import read_manifest

    manifest = read_manifest(backed_up)
    with tarfile.open(backed_up) as tar:
        dump = tar.extractfile(manifest["database_file"]).read()
    assert manifest["database_sha256"] == hashlib.sha256(dump).hexdigest()


def test_restore_refuses_a_tampered_database_dump_and_changes_nothing(backed_up, tmp_path):
    def change(info, data):
        if info.name.startswith("database/"):
            data = data[:-1] + bytes([data[-1] ^ 1])
        yield info, data

    tampered = rewrite(backed_up, tmp_path / "t.tar.gz", change)
    Member.objects.update(name="改")
    with pytest.raises(CommandError, match="损坏"):
        call_command("restore", str(tampered), yes=True)
    assert not Member.objects.exclude(name="改").exists()


def test_restore_refuses_a_truncated_archive_with_a_chinese_message(backed_up, tmp_path, settings):
    truncated = tmp_path / "cut.tar.gz"
    data = backed_up.read_bytes()
    truncated.write_bytes(data[: len(data) * 2 // 3])
    before = media_files(settings.MEDIA_ROOT)
    with pytest.raises(CommandError, match="不是备份文件|损坏|不完整"):
        call_command("restore", str(truncated), yes=True)
    assert media_files(settings.MEDIA_ROOT) == before


@pytest.mark.parametrize(
    "hostile",
    ["absolute", "dotdot", "symlink", "hardlink", "device", "unlisted", "fifo"],
)
def test_restore_refuses_a_hostile_archive_and_writes_nothing(
    hostile, backed_up, tmp_path, settings
):
    import tarfile

    outside = tmp_path / "outside"

    def change(info, data):
        yield info, data
        if info.name != "manifest.json":
            return
        evil = tarfile.TarInfo()
        body = b"pwned"
        if hostile == "absolute":
            evil.name, evil.size = str(outside), len(body)
        elif hostile == "dotdot":
            evil.name, evil.size = "media/../../outside", len(body)
        elif hostile == "symlink":
            evil.name, evil.type, evil.linkname, body = "media/link", tarfile.SYMTYPE, "/etc", None
        elif hostile == "hardlink":
            evil.name, evil.type, evil.linkname, body = (
                "media/hard",
                tarfile.LNKTYPE,
                "/etc/passwd",
                None,
            )
        elif hostile == "device":
            evil.name, evil.type, body = "media/dev", tarfile.CHRTYPE, None
            evil.devmajor, evil.devminor = 1, 3
        elif hostile == "fifo":
            evil.name, evil.type, body = "media/fifo", tarfile.FIFOTYPE, None
        else:
            evil.name, evil.size = "media/not-in-manifest.txt", len(body)
        yield evil, body

    bad = rewrite(backed_up, tmp_path / "bad.tar.gz", change)
    Member.objects.update(name="改")
    before = media_files(settings.MEDIA_ROOT)
    with pytest.raises(CommandError) as raised:
        call_command("restore", str(bad), yes=True)
    assert "清单" in str(raised.value) or "不安全" in str(raised.value)
    assert not outside.exists()
    assert media_files(settings.MEDIA_ROOT) == before
    assert not Member.objects.exclude(name="改").exists()
    leftovers = [p.name for p in settings.MEDIA_ROOT.parent.iterdir() if "restore" in p.name]
    assert leftovers == []


def test_restore_refuses_an_unsafe_name_listed_in_the_manifest(tmp_path, settings):
    import hashlib

    settings.MEDIA_ROOT = tmp_path / "media"

    manifest = {
        "format": 1,
        "created": "2016",
        "database": connection.vendor,  # past the engine check, to the name check
        "database_file": "database/db.sqlite3",
        "database_sha256": hashlib.sha256(b"x").hexdigest(),
        "media": {"../escape": hashlib.sha256(b"y").hexdigest()},
    }
    archive = make_archive(tmp_path / "b.tar.gz", {"database/db.sqlite3": b"x"}, manifest=manifest)
    with pytest.raises(CommandError, match="不安全"):
        call_command("restore", str(archive), yes=True)
    assert not (tmp_path / "escape").exists()


def test_restore_refuses_an_archive_with_a_malformed_manifest(tmp_path):
    archive = make_archive(
        tmp_path / "m.tar.gz", {"database/db.sqlite3": b"x"}, manifest={"format": 1}
    )
    with pytest.raises(CommandError, match="不是备份文件"):
        call_command("restore", str(archive), yes=True)


def test_media_root_is_swapped_only_after_everything_is_verified(backed_up, settings, monkeypatch):
    """While the database is being restored the old files are still all in place."""
    from township import backup

    before = media_files(settings.MEDIA_ROOT)
    seen = {}
    real = backup._restore_database

    def spy(dump):
        seen["media during database restore"] = media_files(settings.MEDIA_ROOT)
        real(dump)

    monkeypatch.setattr(backup, "_restore_database", spy)
    (settings.MEDIA_ROOT / "stray.txt").write_text("after")
    call_command("restore", str(backed_up), yes=True, stdout=io.StringIO())
    assert seen["media during database restore"] == {**before, "stray.txt": b"after"}
    assert media_files(settings.MEDIA_ROOT) == before


def test_backup_says_clearly_when_pg_dump_is_older_than_the_server(monkeypatch):
    import subprocess

    from township import backup

    class Done:
        stdout = "pg_dump (PostgreSQL) 13.9 (Debian 13.9-0+deb11u1)\n"
        returncode = 0

    monkeypatch.setattr(subprocess, "run", lambda *a, **k: Done())
    monkeypatch.setattr(backup.connection, "ensure_connection", lambda: None)
    monkeypatch.setattr(backup.connection, "pg_version", 160004, raising=False)
    with pytest.raises(backup.BackupError, match="pg_dump 版本 13.*16"):
        backup._check_pg_dump_version()


def test_pg_dump_versions_are_read_from_debian_and_plain_builds():
    from township.backup import _major

    assert _major("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)") == 15
    assert _major("pg_dump (PostgreSQL) 9.6.24") == 9
