"""Per-township data versions: a number that every committed write reaching one township's
records changes, for caches of that township's figures alone (the county comparison keeps
one row per township: a write in one township recomputes one row, not a hundred; issue 20
item 4).

The global data version (township/dataversion.py) cannot say which township a write
touched. A township's version can only be trusted if no write escapes it: raw SQL,
QuerySet.update() and bulk_create() send no signal, a deletion cascades, and a transfer or a
member moved between branches changes two townships. So the database itself does it:
triggers on every table the county's figures read (SOURCES) mark, for the rows written,
the townships their foreign keys lead to, before and after the write, inside the writing
transaction. A rolled-back write leaves nothing; a committed one is counted
whatever wrote it.

The chains of foreign keys are read from the models (every foreign key, followed up to the
township; users excepted), so a new field is followed without registering it, and a table
whose figures reach every township (the holiday calendar: NATIONAL) marks them all.

On PostgreSQL the triggers run once per statement (over its transition tables) and insert
one TownshipWrite row per township reached; a township's version is its counter
(TownshipStamp) plus its rows not folded yet, read in one statement. The fold, after each
commit (with the global bump), moves rows into counters in one statement, without changing
any sum. Writers only insert rows, so they never wait on each other's counter; a fold that
fails (or a process that dies before folding) leaves the rows, still counted. SQLite has one
writer at a time anyway: its triggers, once per row, add to the counters directly.

The triggers are dropped before `migrate` and made again after it (a migration may change
the tables they read), and made again after `restore`. Each making starts a new epoch (a
random number in TownshipStamp's row EPOCH_ROW, part of every key): values kept before are
never read again, and while the triggers are missing (a migrate under way, or one that
failed) there is no epoch and nothing is kept. Nothing is kept inside a transaction either
(its reads see its own writes, which may be rolled back).
"""

from django.apps import apps
from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction

#: The models whose rows the county comparison and its year menu read (overview/county.py).
#: A test captures the tables the county page queries and fails on one missing here.
SOURCES = (
    "township.Township",
    "branches.Branch",
    "branches.BranchGrade",
    "branches.CommitteeElection",
    "branches.CommitteePosition",
    "branches.Rectification",
    "branches.PartyGroup",
    "branches.Meeting",
    "branches.Attendance",
    "members.Member",
    "members.ReserveCadre",
    "plans.Plan",
    "plans.Measure",
    "plans.Task",
    "plans.ResponsibilityLetter",
    "finance.VillageFinance",
    "finance.ChecklistItem",
    "finance.Disclosure",
    "finance.Handover",
    "finance.Debt",
    "finance.Repayment",
    "awards.Category",
    "awards.Round",
    "awards.Nomination",
    "dues.Assessment",  # the county's year menu (overview.dashboard.years_by_township)
)
#: Read by every township's figures (working days), whoever entered them.
NATIONAL = ("township.HolidayYear", "township.HolidayDay")

PREFIX = "township_stamp_"
#: TownshipStamp's row (no township has this id) whose counter is the epoch: a random number
#: made with the triggers (install()) and deleted before them (uninstall()). Part of every
#: key: without it (a migrate under way, or one that failed) nothing is kept; a new one (after
#: migrate or restore) leaves every value kept before unread.
EPOCH_ROW = -1
#: Longest chain of foreign keys followed from a written row to its township.
MAX_HOPS = 3
_OPERATIONS = {"insert": "INSERT", "update": "UPDATE", "delete": "DELETE"}


def township_chains(model, hops: int = MAX_HOPS, seen: tuple = ()) -> list[list[tuple]]:
    """Every chain of foreign keys from a row of `model` to a township:
    [(column, model it points to), …] ending at Township; [] for a Township row (its id).
    The user model is not followed (who confirmed or nominated says nothing of where)."""
    from .models import Township

    if model is Township:
        return [[]]
    chains = []
    for field in model._meta.concrete_fields:
        target = field.related_model if field.is_relation else None
        if target is None or target._meta.label == settings.AUTH_USER_MODEL:
            continue
        if target is Township:
            chains.append([(field.column, Township)])
        elif hops > 1 and target is not model and target not in seen:
            for rest in township_chains(target, hops - 1, (*seen, model)):
                chains.append([(field.column, target), *rest])
    return chains


def _select(chain: list[tuple], model, source: str, ref) -> str:
    """SQL selecting, as `t`, the township a written row reaches along `chain`. `source` is
    the FROM item of the written rows, `ref(column)` a column of the written row."""
    q = default_connection.ops.quote_name
    if not chain:
        return f"SELECT {ref(model._meta.pk.column)} AS t FROM {source}"
    value, joins = ref(chain[0][0]), []
    for i, (column, _target) in enumerate(chain[1:], start=1):
        previous = chain[i - 1][1]._meta
        joins.append(f"JOIN {q(previous.db_table)} t{i} ON t{i}.{q(previous.pk.column)} = {value}")
        value = f"t{i}.{q(column)}"
    return f"SELECT {value} AS t FROM {source} {' '.join(joins)}"


def _mark(selected: str, vendor: str) -> str:
    """The statement moving the version of each township `selected` (SQL selecting `t`):
    PostgreSQL inserts a TownshipWrite row each (folded after the commit: writers never
    wait on a counter's row); SQLite, which has one writer at a time anyway, adds 1 to the
    counters there and then."""
    from .models import TownshipStamp, TownshipWrite

    q = default_connection.ops.quote_name
    if vendor == "postgresql":
        return (
            f"INSERT INTO {q(TownshipWrite._meta.db_table)} (township_id) "
            f"SELECT DISTINCT s.t FROM ({selected}) s WHERE s.t IS NOT NULL"
        )
    return (
        f"INSERT INTO {q(TownshipStamp._meta.db_table)} (township_id, counter) "
        f"SELECT DISTINCT s.t, 1 FROM ({selected}) s WHERE s.t IS NOT NULL "
        f"ON CONFLICT (township_id) DO UPDATE SET counter = counter + 1"
    )


def _every_township() -> str:
    from .models import Township

    q = default_connection.ops.quote_name
    return f"SELECT {q(Township._meta.pk.column)} AS t FROM {q(Township._meta.db_table)}"


def _trigger_body(model, vendor: str, operation: str) -> str:
    """The statement a trigger runs: the townships of the rows written, before and after
    (PostgreSQL: once per statement, from its transition tables; SQLite: once per row)."""
    q = default_connection.ops.quote_name
    if model._meta.label in NATIONAL or operation == "truncate":
        return _mark(_every_township(), vendor)
    sides = {"insert": ["new"], "update": ["old", "new"], "delete": ["old"]}[operation]
    selects = []
    for side in sides:
        # PostgreSQL: the statement's rows (r); SQLite: the row (NEW or OLD).
        prefix = "r" if vendor == "postgresql" else side.upper()
        source = f"{side}_rows r" if vendor == "postgresql" else "(SELECT 1) r"

        def ref(column, prefix=prefix):
            return f"{prefix}.{q(column)}"

        selects += [_select(chain, model, source, ref) for chain in township_chains(model)]
    return _mark(" UNION ".join(selects), vendor)


def trigger_statements(vendor: str) -> list[str]:
    """The DDL making every trigger, for `vendor` ("postgresql" or "sqlite")."""
    q = default_connection.ops.quote_name
    statements = []
    for model in map(apps.get_model, SOURCES + NATIONAL):
        table = model._meta.db_table
        if not township_chains(model) and model._meta.label not in NATIONAL:
            raise ValueError(f"{model._meta.label} reaches no township")
        for operation, verb in _OPERATIONS.items():
            name = f"{PREFIX}{table}_{operation}"
            body = _trigger_body(model, vendor, operation)
            if vendor == "postgresql":
                referencing = {
                    "insert": "REFERENCING NEW TABLE AS new_rows",
                    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
                    "delete": "REFERENCING OLD TABLE AS old_rows",
                }[operation]
                statements.append(
                    f"CREATE FUNCTION {q(name)}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN {body}; RETURN NULL; END $$"
                )
                statements.append(
                    f"CREATE TRIGGER {q(name)} AFTER {verb} ON {q(table)} {referencing} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {q(name)}()"
                )
            elif vendor == "sqlite":
                statements.append(
                    f"CREATE TRIGGER {q(name)} AFTER {verb} ON {q(table)} FOR EACH ROW "
                    f"BEGIN {body}; END"
                )
            else:
                raise NotImplementedError(vendor)
        if vendor == "postgresql":  # SQLite has no TRUNCATE
            name = f"{PREFIX}{table}_truncate"
            statements.append(
                f"CREATE FUNCTION {q(name)}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {_trigger_body(model, vendor, 'truncate')}; RETURN NULL; END $$"
            )
            statements.append(
                f"CREATE TRIGGER {q(name)} AFTER TRUNCATE ON {q(table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {q(name)}()"
            )
    return statements


def installed(connection=default_connection) -> list[str]:
    """The names of our triggers in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return sorted(name for (name,) in cursor.fetchall() if name.startswith(PREFIX))


def uninstall(connection=default_connection) -> None:
    """Drop every trigger, the epoch row first: from then on nothing is kept under a
    township version (versioned() gives None) until install() has made them again."""
    from .models import TownshipStamp

    q = connection.ops.quote_name
    if TownshipStamp._meta.db_table in connection.introspection.table_names():
        TownshipStamp.objects.using(connection.alias).filter(township_id=EPOCH_ROW).delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'township%%'")
            for (name,) in cursor.fetchall():
                if name.startswith(PREFIX):
                    cursor.execute(f"DROP FUNCTION IF EXISTS {q(name)}() CASCADE")
        else:
            for name in installed(connection):
                cursor.execute(f"DROP TRIGGER IF EXISTS {q(name)}")


def install(connection=default_connection) -> None:
    """(Re)make every trigger and start a new epoch, in one transaction: every value kept
    under a township version before (another epoch) is never read again. After `migrate`
    and `restore`."""
    import secrets

    from .models import TownshipStamp

    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        uninstall(connection)
        for statement in trigger_statements(connection.vendor):
            cursor.execute(statement)
        cursor.execute(_mark(_every_township(), connection.vendor))
        TownshipStamp.objects.using(connection.alias).create(
            township_id=EPOCH_ROW, counter=secrets.randbits(62)
        )
    fold(connection)


def fold(connection=default_connection) -> None:
    """Move the committed TownshipWrite rows into their townships' counters, in one
    statement: each township's version (counter + rows) stays the same (a concurrent fold
    skips the rows this one deleted). Run after each committed write. SQLite's triggers
    count in the counters directly: nothing to fold."""
    from .models import TownshipStamp, TownshipWrite

    if connection.vendor != "postgresql":
        return
    q = connection.ops.quote_name
    stamps, writes = q(TownshipStamp._meta.db_table), q(TownshipWrite._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH gone AS (DELETE FROM {writes} RETURNING township_id) "
            f"INSERT INTO {stamps} (township_id, counter) "
            f"SELECT township_id, COUNT(*) FROM gone GROUP BY township_id "
            f"ON CONFLICT (township_id) DO UPDATE "
            f"SET counter = {stamps}.counter + EXCLUDED.counter"
        )


def with_versions(townships, connection=default_connection):
    """`townships` (a queryset) annotated with `data_version`, in one statement (one
    snapshot of counters and unfolded rows)."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from .models import TownshipStamp, TownshipWrite

    counter = TownshipStamp.objects.filter(township_id=OuterRef("pk")).values("counter")
    unfolded = (
        TownshipWrite.objects.filter(township_id=OuterRef("pk"))
        .order_by()
        .values("township_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    epoch = TownshipStamp.objects.filter(township_id=EPOCH_ROW).values("counter")
    return townships.using(connection.alias).annotate(
        data_version=Coalesce(Subquery(counter), 0)
        + Coalesce(Subquery(unfolded, output_field=IntegerField()), 0),
        epoch=Subquery(epoch),
    )


def versioned(townships, connection=default_connection) -> list | None:
    """The townships (a queryset), each with its `data_version` and `epoch`; None when
    nothing may be kept: inside a transaction (its own writes, seen by its own reads, may
    still be rolled back; a view runs in autocommit), or while the triggers are not in
    place (no epoch)."""
    from .dataversion import _pending

    if connection.in_atomic_block or _pending(connection):
        return None
    listed = list(with_versions(townships, connection))
    if any(t.epoch is None for t in listed):
        return None
    return listed


def fingerprint(townships: list) -> str:
    """One version for a value computed from all of `townships` (versioned()): it changes
    when any of them does, or when one is added or removed."""
    import hashlib

    state = ",".join(
        f"{t.pk}.{t.epoch}.{t.data_version}" for t in sorted(townships, key=lambda t: t.pk)
    )
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def per_township(name: str, townships: list, compute, *, timeout: int = 24 * 3600) -> dict:
    """{township id: value}, each township's value kept under its own version (and the
    domain's today): compute(the townships not found) -> {township id: value} runs for
    the townships written to since, and only for them. `townships` from versioned()."""
    from django.core.cache import caches

    from .dates import today

    cache = caches["townships"]
    keys = {t.pk: f"township:{name}:{t.pk}:{today()}:{t.epoch}.{t.data_version}" for t in townships}
    found = cache.get_many(list(keys.values()))
    values = {pk: found[key] for pk, key in keys.items() if key in found}
    stale = [t for t in townships if t.pk not in values]
    if stale:
        fresh = compute(stale)
        cache.set_many({keys[t.pk]: fresh[t.pk] for t in stale}, timeout)
        values.update((t.pk, fresh[t.pk]) for t in stale)
    return values
