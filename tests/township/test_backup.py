import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from branches.models import BranchGrade
from members.models import Member

pytestmark = pytest.mark.django_db(transaction=True)


def every_table() -> dict:
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def media_files(root) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def demo_with_files(tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "签字表.pdf").write_bytes(b"%PDF-1.4 demo")
    (settings.MEDIA_ROOT / "photo.jpg").write_bytes(bytes(range(256)))
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-2016")
    call_command("load_demo", stdout=io.StringIO())
    return settings.MEDIA_ROOT


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

    call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert every_table() == before_tables
    assert media_files(demo_with_files) == before_files


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), yes=True)


def test_restore_asks_first(demo_with_files, tmp_path, monkeypatch):
    call_command("backup", folder=str(tmp_path / "b"), stdout=io.StringIO())
    archive = next((tmp_path / "b").glob("*.tar.gz"))
    Member.objects.update(name="改")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        call_command("restore", str(archive))
    assert not Member.objects.exclude(name="改").exists()


def test_restore_refuses_a_tampered_file(demo_with_files, tmp_path):
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
