"""Database upkeep shared by the commands that write many rows at once."""

from django.db import connection

#: An import of at least this many rows refreshes the planner statistics.
LARGE_IMPORT_ROWS = 1000


def analyze_if_postgres(*models) -> bool:
    """Refresh PostgreSQL's planner statistics (ANALYZE), of these models' tables or, with
    none named, of the whole database.

    Right after a bulk load or a restore the statistics are empty until auto-analyse runs,
    and the planner then picks plans that take minutes instead of milliseconds (issue 20:
    206 s for the county's mobile list). load_demo, large roster imports and restore call
    this when they finish. Other databases (SQLite) need nothing: returns False."""
    if connection.vendor != "postgresql":
        return False
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if models:
            for model in models:
                cursor.execute(f"ANALYZE {qn(model._meta.db_table)}")
        else:
            cursor.execute("ANALYZE")
    return True


def bulk_create_with_history_rows(objs: list, model, *, batch_size: int = 500, user=None) -> list:
    """bulk_create() the objects, then their "+" history rows copied by the database
    (INSERT … SELECT from the rows just written) instead of one historical instance per
    object built and compiled in Python: the same rows simple_history's
    bulk_create_with_history() writes (every tracked field, history_type "+", the user, no
    change reason), in the objects' order, with one history date for the batch. Half the
    CPU of a 10,000-row roster import was building and compiling those history rows
    (issue 20). Needs a database that returns the new primary keys (PostgreSQL, SQLite
    3.35+)."""
    from django.db import transaction
    from django.utils import timezone

    history = model.history.model
    with transaction.atomic(savepoint=False):
        created = model._default_manager.bulk_create(objs, batch_size=batch_size)
        if not created:
            return created
        if any(obj.pk is None for obj in created):
            raise RuntimeError("bulk_create returned no primary keys")
        if user is None:
            user = history.get_default_history_user(created[0])
        qn = connection.ops.quote_name
        tracked = [f.attname for f in history.tracked_fields]
        target = [qn(history._meta.get_field(name).column) for name in tracked]
        source = [qn(model._meta.get_field(name).column) for name in tracked]
        extra = ["history_date", "history_type", "history_change_reason", "history_user"]
        target += [qn(history._meta.get_field(name).column) for name in extra]
        pk = qn(model._meta.pk.column)
        when = connection.ops.adapt_datetimefield_value(timezone.now())
        user_id = getattr(user, "pk", None)
        ids = [obj.pk for obj in created]
        with connection.cursor() as cursor:
            for start in range(0, len(ids), batch_size):
                chunk = ids[start : start + batch_size]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(target)}) "
                    f"SELECT {', '.join(source)}, %s, %s, NULL, %s "
                    f"FROM {qn(model._meta.db_table)} WHERE {pk} IN ({marks}) ORDER BY {pk}",
                    [when, "+", user_id, *chunk],
                )
    return created
