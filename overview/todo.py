"""The staff's and leadership's to-do list on the home page (issue 19, item 1): per township
they read, how many things wait for someone, each with a link to the list filtered to
exactly those rows. Leadership get the same counts; the lists they open are read-only for
them. A fixed number of queries per township, whatever the number of branches or rows.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import Nomination, Objection
from branches.models import Branch
from dues.selectors import branch_dues
from finance.models import Handover, VillageFinance
from members.models import Member
from members.selectors import conversion_due_q
from plans.models import ResponsibilityLetter, Task, TaskStatus
from plans.selectors import tasks_for_pages
from plans.ties import apply_ties
from township.dates import today
from township.models import Township
from transfers.permissions import letters_out_visible_to
from transfers.selectors import overdue_letters

from .late_entries import late_entries_by_branch


@dataclass(frozen=True)
class TodoItem:
    count: int
    text: str
    url: str


@dataclass
class TownshipTodo:
    township: Township
    items: list[TodoItem] = field(default_factory=list)

    def add(self, count: int, text: str, path: str, *, anchor: str = "", **query) -> None:
        """An item, when there is something to do."""
        if count:
            url = f"{path}?{urlencode(query)}" + (f"#{anchor}" if anchor else "")
            self.items.append(TodoItem(count, text, url))


def township_todo(user, township: Township) -> TownshipTodo:
    """What waits in one township: fourteen queries or so, whatever its size."""
    day = today()
    year = day.year
    t = township.pk
    todo = TownshipTodo(township)
    branches = Branch.objects.filter(township=township).active()

    # Overdue tasks of this year's plan, by branch (the township office's own as branch 0).
    tasks = apply_ties(
        tasks_for_pages(
            Task.objects.filter(measure__plan__township=township, measure__plan__year=year)
        ),
        on=day,
    )
    by_branch: dict[int, list] = {}
    for task in tasks:
        if task.status(day) == TaskStatus.OVERDUE:
            by_branch.setdefault(task.branch_id or 0, []).append(task)
    plan_path = reverse("plans:plan", args=[year])
    for branch_id, overdue in sorted(
        by_branch.items(),
        key=lambda kv: (kv[0] == 0, kv[1][0].branch.position if kv[0] else 0, kv[0]),
    ):
        where = overdue[0].branch.name if branch_id else _("township office")
        n = len(overdue)
        todo.add(
            n,
            ngettext("%(where)s: %(n)s task overdue", "%(where)s: %(n)s tasks overdue", n)
            % {"n": n, "where": where},
            plan_path,
            township=t,
            branch=branch_id,
            status=TaskStatus.OVERDUE,
        )

    n = (
        Member.objects.filter(branch__township=township)
        .current()
        .filter(conversion_due_q(day))
        .count()
    )
    todo.add(
        n,
        ngettext(
            "%(n)s probationary member due for conversion",
            "%(n)s probationary members due for conversion",
            n,
        )
        % {"n": n},
        reverse("members:list"),
        township=t,
        status="conversion_due",
    )

    incomplete = Handover.objects.filter(Handover.INCOMPLETE, finance=OuterRef("pk"))
    for row in (
        VillageFinance.objects.filter(branch__township=township)
        .filter(Exists(incomplete))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    ):
        todo.add(
            row["n"],
            ngettext(
                "%(year)s: %(n)s village with a handover missing a signature",
                "%(year)s: %(n)s villages with a handover missing a signature",
                row["n"],
            )
            % {"n": row["n"], "year": row["year"]},
            reverse("finance:list"),
            township=t,
            year=row["year"],
            handovers="unsigned",
        )

    open_objections = Objection.objects.filter(nomination=OuterRef("pk"), resolved_on__isnull=True)
    for row in (
        Nomination.objects.filter(round__township=township)
        .filter(Exists(open_objections))
        .values("round_id", "round__year")
        .annotate(n=Count("pk"))
        .order_by("-round__year", "round_id")
    ):
        todo.add(
            row["n"],
            ngettext(
                "%(year)s: %(n)s nomination with an open objection to the notice",
                "%(year)s: %(n)s nominations with an open objection to the notice",
                row["n"],
            )
            % {"n": row["n"], "year": row["round__year"]},
            reverse("awards:round-detail", args=[row["round_id"]]),
            objections="open",
        )

    n = (
        ResponsibilityLetter.objects.filter(branch__in=branches, year=year, signed_on__isnull=True)
        .values("branch_id")
        .distinct()
        .count()
    )
    todo.add(
        n,
        ngettext(
            "%(n)s branch with a responsibility letter not signed",
            "%(n)s branches with a responsibility letter not signed",
            n,
        )
        % {"n": n},
        reverse("plans:letters", args=[year]),
        township=t,
        unsigned=1,
    )

    late = late_entries_by_branch(branches, year, township)
    n = sum(row.unconfirmed for row in late)
    todo.add(
        n,
        ngettext(
            "%(n)s late entry awaiting confirmation", "%(n)s late entries awaiting confirmation", n
        )
        % {"n": n},
        reverse("dashboard"),
        township=t,
        year=year,
        late="open",
        anchor="late-entries",  # the list is a card of the dashboard
    )

    n = sum(1 for row in branch_dues(branches, year, on=day) if row.arrears)
    todo.add(
        n,
        ngettext(
            "%(n)s branch in arrears with Party dues",
            "%(n)s branches in arrears with Party dues",
            n,
        )
        % {"n": n},
        reverse("dues:index"),
        township=t,
        year=year,
        arrears=1,
    )

    n = overdue_letters(letters_out_visible_to(user).filter(township=township)).count()
    todo.add(
        n,
        ngettext(
            # The words of the transfers page's own flag.
            "%(n)s receipt not returned within the letter's validity",
            "%(n)s receipts not returned within the letters' validity",
            n,
        )
        % {"n": n},
        reverse("transfers:list"),
        township=t,
        overdue=1,
    )
    return todo


def todo_townships(user, scope) -> list[Township]:
    """The townships whose to-do list the user sees: those they work in as staff or read as
    leadership (a county role compares townships on /county/ instead)."""
    if scope.superuser:
        return list(Township.objects.order_by("pk"))
    ids = scope.staff_townships | scope.leader_townships
    return list(Township.objects.filter(pk__in=ids).order_by("pk")) if ids else []
