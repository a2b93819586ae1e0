"""Backup and restore: one archive holding a consistent snapshot of the database and the
uploaded files.

SQLite is copied with its online backup API (consistent while the app runs); PostgreSQL
with pg_dump's custom format, restored by pg_restore. The archive is a .tar.gz:

    manifest.json         what, when, which database engine, every file's SHA-256 (the
                          database dump's too)
    database/db.sqlite3   or database/db.dump
    media/...             MEDIA_ROOT as it was
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from township import dataversion
from township.db import analyze_if_postgres

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
        _check_pg_dump_version()
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
            raise BackupError(_("pg_dump failed: %(error)s") % {"error": result.stderr.strip()})
        return target
    raise BackupError(
        _("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": _vendor()}
    )


def _major(version_text: str) -> int | None:
    """15 from 'pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)'."""
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", version_text) or re.search(r"(\d+)", version_text)
    return int(match.group(1)) if match else None


def _check_pg_dump_version() -> None:
    """Refuse clearly when pg_dump is older than the server (it would fail obscurely)."""
    try:
        result = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True)
    except OSError:
        raise BackupError(
            _("pg_dump is not installed: install the PostgreSQL client (postgresql-client).")
        ) from None
    client = _major(result.stdout)
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if client is not None and client < server:
        raise BackupError(
            _(
                "pg_dump %(client)s is older than the PostgreSQL %(server)s server and cannot "
                "back it up: install postgresql-client-%(server)s (or newer) and try again."
            )
            % {"client": client, "server": server}
        )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _open_private(path: Path):
    """Create `path` readable and writable by its owner only (0600), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    return os.fdopen(fd, "wb")


def create_backup(*, folder: Path) -> Path:
    """Write township-backup-<time>.tar.gz into `folder` and return its path.

    The folder is made 0700 and the archive 0600: it holds every member's personal data.
    """
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
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
            "database_sha256": _sha256(dump),
            "media": {p.relative_to(media).as_posix(): _sha256(p) for p in files},
        }
        manifest_path = Path(tmp) / "manifest.json"
        manifest_path.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        partial = archive.with_suffix(".partial")
        with _open_private(partial) as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            tar.add(manifest_path, arcname="manifest.json")
            tar.add(dump, arcname=manifest["database_file"])
            for p in files:
                tar.add(p, arcname=f"media/{p.relative_to(media).as_posix()}")
        partial.rename(archive)  # never leave a half-written archive under the final name
    return archive


#: what reading a damaged or truncated .tar.gz can raise
_ARCHIVE_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error, ValueError, KeyError)


def _not_a_backup(archive: Path) -> BackupError:
    return BackupError(
        _("%(path)s is not a backup archive, or it is damaged or incomplete.") % {"path": archive}
    )


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            manifest = json.load(tar.extractfile("manifest.json"))
    except (*_ARCHIVE_ERRORS, AttributeError):
        raise _not_a_backup(archive) from None
    if not _manifest_is_well_formed(manifest):
        raise _not_a_backup(archive)
    return manifest


def _manifest_is_well_formed(manifest) -> bool:
    return (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT_VERSION
        and manifest.get("database_file") in ("database/db.sqlite3", "database/db.dump")
        and isinstance(manifest.get("database_sha256"), str)
        and isinstance(manifest.get("media"), dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in manifest["media"].items())
        and isinstance(manifest.get("created"), str)
    )


def _safe_relative(name: str) -> PurePosixPath | None:
    """The member name as a plain relative path, or None if it could escape the folder."""
    if not name or "\\" in name or "\x00" in name:
        return None
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in ("..", "") for part in name.split("/")):
        return None
    return path


def _extract_verified(archive: Path, manifest: dict, target: Path) -> None:
    """Extract exactly the files the manifest lists into `target`, checking every member.

    Written by hand rather than with extractall(filter="data"), which Python 3.11 has only
    from 3.11.4 (Debian 12 ships 3.11.2). A member is refused unless it is a regular file
    with a plain relative name that the manifest lists; links, devices, absolute paths and
    `..` never reach the disk. Every file's SHA-256 is checked while it is written.
    """
    expected = {"manifest.json": None, manifest["database_file"]: manifest["database_sha256"]}
    for name, digest in manifest["media"].items():
        if _safe_relative(name) is None:
            raise BackupError(_("The archive holds an unsafe file name: %(name)s") % {"name": name})
        expected[f"media/{name}"] = digest
    seen = set()
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar:
            relative = _safe_relative(member.name)
            if member.isdir() and relative is not None:
                continue
            if relative is None or not member.isfile() or member.name not in expected:
                raise BackupError(
                    _("The archive holds a file that is not in its manifest: %(name)s")
                    % {"name": member.name}
                )
            if member.name in seen:
                raise BackupError(
                    _("The archive holds a file twice: %(name)s") % {"name": member.name}
                )
            seen.add(member.name)
            if member.name == "manifest.json":
                continue
            destination = target.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            source = tar.extractfile(member)
            with _open_private(destination) as out:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != expected[member.name]:
                raise BackupError(
                    _("File damaged in the archive: %(name)s") % {"name": member.name}
                )
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            _("Files listed in the manifest are missing from the archive: %(names)s")
            % {"names": "、".join(missing[:5])}
        )


def restore_backup(*, archive: Path) -> dict:
    """Replace the database and MEDIA_ROOT with the archive's snapshot.

    Nothing is touched until every file has been extracted and checked against the
    manifest; MEDIA_ROOT is then swapped by renaming a complete copy into place.
    """
    manifest = read_manifest(archive)
    if manifest.get("database") != _vendor():
        raise BackupError(
            _("The archive holds a %(theirs)s database; this site uses %(ours)s.")
            % {"theirs": manifest.get("database"), "ours": _vendor()}
        )
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    # Extract next to MEDIA_ROOT, on the same file system, so the swap is a rename.
    staging = Path(tempfile.mkdtemp(prefix=f".{media.name}-restore-", dir=media.parent))
    try:
        try:
            _extract_verified(archive, manifest, staging)
        except _ARCHIVE_ERRORS:
            raise _not_a_backup(archive) from None
        highest = dataversion.data_version() or 0
        _restore_database(staging / manifest["database_file"])
        dataversion.move_past(highest)
        new_media = staging / "media"
        if not new_media.is_dir():
            new_media.mkdir()
        old_media = staging / "previous-media"
        if media.is_dir():
            media.rename(old_media)
        new_media.rename(media)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    analyze_if_postgres()
    return manifest


def _restore_database(dump: Path) -> None:
    if _vendor() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        except sqlite3.DatabaseError as e:
            raise BackupError(
                _("The database in the archive cannot be read: %(error)s") % {"error": e}
            ) from None
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
        raise BackupError(_("pg_restore failed: %(error)s") % {"error": result.stderr.strip()})
