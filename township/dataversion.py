"""The version of the data: a number every committed write changes, for caches keyed on it.

Cached figures (the dashboard's, the PDFs') are stored under the data version read before
they are computed, so no cached figure is ever older than the records it comes from.

How writes are seen, generically: every database connection gets an execute wrapper that
notices each INSERT, UPDATE or DELETE on a table of one of the project's own apps (every
app inside BASE_DIR: new apps and models are covered without registering them; bulk_create,
QuerySet.update() and raw SQL included, history tables too). When the write's transaction
commits, one UPDATE adds 1 to the single row of DataVersion (outside the writing
transaction, so writers never wait on each other). Sessions, login attempts (axes) and the
counter itself are other apps' tables or excluded, so reading pages changes nothing.

Inside a transaction, or while the current connection has an uncommitted write,
data_version() returns None: the caller computes afresh and caches nothing (its own write is
not committed yet, and may be rolled back).
"""

import re

from django.apps import apps
from django.conf import settings
from django.db import connection as default_connection
from django.db.backends.signals import connection_created

from . import stamps

_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)
_tables: frozenset[str] | None = None
# While migrate runs the counter's table may not exist yet; it is bumped once at the end.
_paused = False


def project_tables() -> frozenset[str]:
    """The tables of the project's own apps (inside BASE_DIR), the counter's excluded."""
    global _tables
    if _tables is None:
        from pathlib import Path

        from .models import DataVersion, TownshipStamp, TownshipWrite

        base = Path(settings.BASE_DIR).resolve()
        names = set()
        for config in apps.get_app_configs():
            path = Path(config.path).resolve()
            # The virtualenv usually lives inside the project folder (setup.sh makes .venv
            # there): installed packages (Django's sessions, axes…) are not our apps.
            installed = {"site-packages", "dist-packages"} & set(path.parts)
            if path.is_relative_to(base) and not installed:
                for model in config.get_models(include_auto_created=True):
                    names.add(model._meta.db_table)
        # The counters themselves (township/stamps.py folds into them after each commit).
        for model in (DataVersion, TownshipStamp, TownshipWrite):
            names.discard(model._meta.db_table)
        _tables = frozenset(names)
    return _tables


def _bump_after_commit(connection):
    def bump(fold: bool = True):
        from .models import DataVersion

        with connection.cursor() as cursor:
            table = connection.ops.quote_name(DataVersion._meta.db_table)
            cursor.execute(f"UPDATE {table} SET counter = counter + 1 WHERE id = 1")
            if cursor.rowcount == 0:
                DataVersion.objects.using(connection.alias).get_or_create(pk=1)
                cursor.execute(f"UPDATE {table} SET counter = counter + 1 WHERE id = 1")
        if fold:
            stamps.fold(connection)  # the townships' versions: the same sums, fewer rows

    return bump


def _pending(connection) -> bool:
    bump = getattr(connection, "_township_bump", None)
    return bump is not None and any(entry[1] is bump for entry in connection.run_on_commit)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match and not _paused and match.group(1) in project_tables():
        connection = context["connection"]
        if not connection.in_atomic_block:
            connection._township_bump()  # autocommit: already committed
        elif not _pending(connection):
            # robust: the write is committed whatever happens to the bump.
            connection.on_commit(connection._township_bump, robust=True)
    return result


def watch(sender, connection, **kwargs):
    """connection_created: install the wrapper on each new connection."""
    if getattr(connection, "_township_bump", None) is None:
        connection._township_bump = _bump_after_commit(connection)
        connection.execute_wrappers.append(_watch_writes)


def _pause(sender=None, using="default", **kwargs):
    global _paused
    from django.db import connections

    _paused = True
    if sender is not None and sender.name == "township":  # sent first (INSTALLED_APPS)
        stamps.uninstall(connections[using])  # a migration may change what they read


def _resume(sender=None, using="default", **kwargs):
    global _paused
    from django.db import connections

    from .models import TownshipWrite

    connection = connections[using]
    _paused = False
    # Not there while migrating back before township 0005.
    ready = TownshipWrite._meta.db_table in connection.introspection.table_names()
    if ready and sender is not None and sender.name == "township":
        stamps.install(connection)  # and every township's version moves once
    _bump_after_commit(connection)(fold=ready)  # a data migration may have changed rows


def install() -> None:
    from django.db.models.signals import post_migrate, pre_migrate

    connection_created.connect(watch, dispatch_uid="township-data-version")
    pre_migrate.connect(_pause, dispatch_uid="township-data-version-pause")
    post_migrate.connect(_resume, dispatch_uid="township-data-version-resume")
    # A connection opened before the app was ready (rare: during start-up) is watched too.
    if default_connection.connection is not None:
        watch(None, default_connection)


def data_version(connection=default_connection) -> int | None:
    """The committed data version, or None inside a transaction (its own writes, which its
    reads see, may still be rolled back; raw SQL the wrapper's pattern misses included) or
    with a write waiting for its commit: then nothing may be cached. Views run in
    autocommit. One indexed read of one row."""
    from .models import DataVersion

    if connection.in_atomic_block or _pending(connection):
        return None
    row = DataVersion.objects.using(connection.alias).filter(pk=1).values_list("counter").first()
    return row[0] if row else 0


_UNREAD = object()


def cached(key: tuple, compute, *, timeout: int = 24 * 3600, version=_UNREAD):
    """compute(), kept in the cache under `key`, the language, the domain's today and the
    data version read before computing: a later committed write makes a new key, so a
    cached value is never older than the records. Nothing is cached while this connection
    has an uncommitted write.

    `version`: a data_version() the caller read earlier in the same request, for a view
    that keeps several values (one read instead of one per value). It must be read before
    anything the values come from, and no write may happen in between."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    from .dates import today

    if version is _UNREAD:
        version = data_version()
    if version is None:
        return compute()
    full_key = ":".join(
        ["township", *map(str, key), get_language() or "", str(today()), str(version)]
    )
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def move_past(highest: int, connection=default_connection) -> None:
    """After the whole database was replaced (restore): the data version moved above
    `highest` (the data_version() read before) and by a random stride besides (writes to the
    replaced database while the restore ran may have gone higher), and the township
    versions' triggers made again under a new epoch (township/stamps.py; a backup of an
    older version may lack them), so a server's cache never serves a figure of the data
    replaced. A backup older than the township versions has no table for them: `migrate`
    makes them (README: run it after restoring an older backup)."""
    import secrets

    from django.db.models import F

    from .models import DataVersion, TownshipStamp

    stride = highest + 1 + secrets.randbits(40)
    DataVersion.objects.using(connection.alias).get_or_create(pk=1)
    DataVersion.objects.using(connection.alias).update(counter=F("counter") + stride)
    if TownshipStamp._meta.db_table in connection.introspection.table_names():
        stamps.install(connection)
