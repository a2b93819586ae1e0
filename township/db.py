"""Small database helpers shared by commands."""

from django.db import connection


def analyze_if_postgres() -> None:
    """Refresh the planner's statistics after a bulk load (restore, import) on PostgreSQL.

    A freshly restored database has none, and the planner's guesses can make pages slow
    until autovacuum gets round to it. SQLite needs nothing.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
