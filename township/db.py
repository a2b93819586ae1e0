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
