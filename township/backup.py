"""Backup and restore: one archive holding a consistent snapshot of the database and the
uploaded files.

SQLite is copied with its online backup API (consistent while the app runs); PostgreSQL
with pg_dump's custom format, restored by pg_restore. The archive is a .tar.gz:

    manifest.json         what, when, which database engine, every file's SHA-256
    database/db.sqlite3   or database/db.dump
    media/...             MEDIA_ROOT as it was
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _pg_env_and_args() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    args = []
    if s.get("HOST"):
        args += ["-h", s["HOST"]]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    if s.get("USER"):
        args += ["-U", s["USER"]]
    return env, args + ["-d", s["NAME"]]


def _dump_database(folder: Path) -> Path:
    if _vendor() == "sqlite":
        target = folder / "db.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    if _vendor() == "postgresql":
        target = folder / "db.dump"
        env, args = _pg_env_and_args()
        result = subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "-f",
                str(target),
                *args,
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {_vendor()}.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(*, folder: Path) -> Path:
    """Write township-backup-<time>.tar.gz into `folder` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = folder / f"township-backup-{stamp}.tar.gz"
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = _dump_database(Path(tmp))
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.now().isoformat(),
            "database": _vendor(),
            "database_file": f"database/{dump.name}",
            "media": {str(p.relative_to(media)): _sha256(p) for p in files},
        }
        manifest_path = Path(tmp) / "manifest.json"
        manifest_path.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname="manifest.json")
            tar.add(dump, arcname=manifest["database_file"])
            for p in files:
                tar.add(p, arcname=f"media/{p.relative_to(media)}")
        partial.rename(archive)  # never leave a half-written archive under the final name
    return archive


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            return json.load(tar.extractfile("manifest.json"))
    except (tarfile.TarError, KeyError, OSError, ValueError) as e:
        raise BackupError(f"Not a backup archive: {archive} ({e})") from None


def restore_backup(*, archive: Path) -> dict:
    """Replace the database and MEDIA_ROOT with the archive's snapshot."""
    manifest = read_manifest(archive)
    if manifest.get("database") != _vendor():
        raise BackupError(
            f"The archive holds a {manifest.get('database')} database; this site uses {_vendor()}."
        )
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(tmp, filter="data")  # refuses absolute paths and ../ members
        root = Path(tmp)
        for name, digest in manifest["media"].items():
            if _sha256(root / "media" / name) != digest:
                raise BackupError(f"File damaged in the archive: media/{name}")
        _restore_database(root / manifest["database_file"])
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            shutil.rmtree(media)
        if (root / "media").is_dir():
            shutil.copytree(root / "media", media)
        else:
            media.mkdir(parents=True, exist_ok=True)
    return manifest


def _restore_database(dump: Path) -> None:
    if _vendor() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()  # pg_restore drops and recreates tables: hold no locks meanwhile
    env, args = _pg_env_and_args()
    result = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
