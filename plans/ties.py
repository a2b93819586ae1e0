"""Tasks tied to the records that measure them (issue 13, item 1).

A tied task's progress and status are computed from its branch's records of the plan year,
never typed. apply_ties() works over a whole page of tasks at once: one or two queries per
kind of tie present, whatever the number of tasks, so the plan page and the dashboard keep
a constant query count.

Each result carries the link to the records behind the figure and a one-line summary.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Nomination, Round
from branches.models import Branch, CommitteePosition, Rectification
from branches.selectors import org_life_tally
from finance.models import ChecklistItem, VillageFinance
from finance.selectors import finance_figures, overview_row
from members.models import Member, ReserveCadre
from township.dates import today

from .models import ResponsibilityLetter, Tie

#: Progress of a commendation nomination by stage (推荐 → 考察 → 公示 → 表彰决定).
STAGE_PERCENT = {"nominated": 25, "assessed": 50, "notice": 75, "commended": 100, "rejected": 100}


@dataclass(frozen=True)
class TieResult:
    percent: int
    done: bool
    done_on: datetime.date | None
    url: str
    summary: str


def _pct(part, whole) -> int:
    return round(100 * part / whole) if whole else 0


def apply_ties(
    tasks,
    *,
    on: datetime.date | None = None,
    links: bool = True,
    org_life=None,
    finance=None,
    branches=None,
) -> list:
    """Compute every tied task's result in bulk and attach it (task.tie_result). Tasks need
    measure__plan loaded. Returns the tasks. With links=False the results carry no link and
    no summary (url and summary ""): for a caller that counts statuses only (the county
    comparison: a thousand tasks, a reverse() and a translated sentence each). `org_life`:
    {(branch id, year): OrgLifeTally} a caller already counted (the county counts every
    branch's organisational life anyway); branches missing from it are counted here.
    `finance`: {(branch id, year): (finance, overview row)} from tied_finances(), read by a
    caller for every village of the tasks' branches and years (the county reads them all
    anyway): it is then the whole answer, a branch missing from it has no rectification.
    `branches`: a Branch queryset holding every branch of the tasks (the county's branches);
    the records are then read for those branches by subquery, not by a list of their ids
    (a thousand ids are as many query parameters to prepare, per query: issue 20)."""
    on = on or today()
    scope = branches.order_by().values("pk") if branches is not None else None
    tasks = list(tasks)
    by_kind: dict[str, list] = defaultdict(list)
    for task in tasks:
        if task.tie and task.branch_id:
            by_kind[task.tie].append(task)
    for kind, group in by_kind.items():
        compute = COMPUTE[kind]
        if kind == Tie.ORG_LIFE:
            results = _org_life(group, on, _texts(links), known=org_life or {})
        elif kind == Tie.FINANCE:
            results = _finance(group, on, _texts(links), known=finance)
        else:
            results = compute(group, on, _texts(links), scope=scope)
        for task, result in results.items():
            task._tie_result = result
    return tasks


def _no_text(*args, **kwargs) -> str:
    return ""


def _texts(links: bool):
    """(reverse, gettext) for the results' links and summaries, or stand-ins giving ""."""
    return (reverse, _) if links else (_no_text, _no_text)


def _keys(tasks, scope=None) -> tuple:
    """(the tasks' branch ids, or `scope`: a subquery selecting at least them; their plan
    years)."""
    branch_ids = scope if scope is not None else {t.branch_id for t in tasks}
    return branch_ids, {t.measure.plan.year for t in tasks}


def _org_life(tasks, on, texts, known=None):
    reverse, _ = texts  # noqa: F811 (see _texts)
    # Counted in the database, one row per branch (org_life_tally(): org_life_compliance()'s
    # rule): the county ties thousands of branches' meetings (issue 20 item 4).
    tallies = dict(known or {})
    missing = [t for t in tasks if (t.branch_id, t.measure.plan.year) not in tallies]
    branch_ids, years = _keys(missing)
    for year in years:
        for branch_id, tally in org_life_tally(
            Branch.objects.filter(pk__in=branch_ids), year
        ).items():
            tallies[(branch_id, year)] = tally
    out = {}
    for task in tasks:
        year = task.measure.plan.year
        tally = tallies.get((task.branch_id, year))
        required = tally.required if tally else 0
        missed = tally.missed if tally else 0
        pending = tally.pending if tally else 0
        held = required - missed - pending
        done = bool(required) and not missed and not pending
        out[task] = TieResult(
            percent=_pct(held, required),
            done=done,
            done_on=min(datetime.date(year, 12, 31), on) if done else None,
            url=reverse("branches:meetings", args=[task.branch_id]) + f"?year={year}",
            summary=_("%(held)s of %(required)s required meetings held, %(missed)s missed")
            % {"held": held, "required": required, "missed": missed},
        )
    return out


def _letters(tasks, on, texts, scope=None):
    reverse, _ = texts  # noqa: F811 (see _texts)
    branch_ids, years = _keys(tasks, scope)
    letters = defaultdict(list)
    # Values, not model instances: the county reads hundreds of branches' letters.
    for letter in ResponsibilityLetter.objects.filter(
        branch_id__in=branch_ids, year__in=years
    ).values_list("branch_id", "year", "signed_on", "result", named=True):
        letters[(letter.branch_id, letter.year)].append(letter)
    kinds = len(ResponsibilityLetter.Kind.choices)
    out = {}
    for task in tasks:
        year = task.measure.plan.year
        rows = letters.get((task.branch_id, year), [])
        signed = [letter for letter in rows if letter.signed_on]
        assessed = [letter for letter in signed if letter.result]
        # Signing is what the deadline asks; after the year has ended the assessment is due
        # too, and a task still unassessed then is open again.
        year_over = on > datetime.date(year, 12, 31)
        if year_over:
            percent = _pct(len(signed) + len(assessed), 2 * kinds)
            done = len(assessed) == kinds
            done_on = max((letter.signed_on for letter in signed), default=None)
        else:
            percent = _pct(len(signed), kinds)
            done = len(signed) == kinds
            done_on = max((letter.signed_on for letter in signed), default=None)
        out[task] = TieResult(
            percent=percent,
            done=done,
            done_on=done_on if done else None,
            url=reverse("plans:letters", args=[year]) + f"?branch={task.branch_id}",
            summary=_("%(signed)s of %(kinds)s letters signed, %(assessed)s assessed")
            % {"signed": len(signed), "kinds": kinds, "assessed": len(assessed)},
        )
    return out


def tied_finances(finances, on) -> dict:
    """{(branch id, year): (finance, overview row)} of the village finances `finances` (a
    VillageFinance queryset): the figures a finance tie reads, with the day the last
    checklist item was done. One query."""
    # A subquery, not a join: joined, the checklist items would multiply the rows every
    # figure of finance_figures() is computed for (six times the work at county size).
    last_done = (
        ChecklistItem.objects.filter(finance=OuterRef("pk"), status=ChecklistItem.Status.DONE)
        .order_by()
        .values("finance")
        .annotate(last=Max("status_on"))
        .values("last")
    )
    rows = (
        finance_figures(finances, on=on, rows=False)
        .annotate(last_item_on=Subquery(last_done))
        .order_by()
    )  # read into a dict: no order needed
    return {(f.branch_id, f.year): (f, overview_row(f, on=on)) for f in rows}


def _finance(tasks, on, texts, known=None):
    reverse, _ = texts  # noqa: F811 (see _texts)
    if known is None:
        branch_ids, years = _keys(tasks)
        known = tied_finances(
            VillageFinance.objects.filter(branch_id__in=branch_ids, year__in=years), on
        )
    rows = known
    out = {}
    for task in tasks:
        year = task.measure.plan.year
        found = rows.get((task.branch_id, year))
        if found is None:
            out[task] = TieResult(
                0, False, None, reverse("finance:list"), _("no finance rectification recorded")
            )
            continue
        finance, row = found
        done = (
            row.items_total > 0
            and row.items_done == row.items_total
            and row.handover_complete
            and row.disclosure_ok
        )
        out[task] = TieResult(
            percent=_pct(row.items_done, row.items_total),
            done=done,
            done_on=finance.last_item_on if done else None,
            url=row.url,
            summary=_(
                "%(done)s of %(total)s checklist items done; handovers unsigned: %(unsigned)s; "
                "disclosures missed: %(missed)s"
            )
            % {
                "done": row.items_done,
                "total": row.items_total,
                "unsigned": row.handovers_incomplete,
                "missed": len(row.disclosure_missed),
            },
        )
    return out


def _commendation(tasks, on, texts, scope=None):
    reverse, _ = texts  # noqa: F811 (see _texts)
    branch_ids, years = _keys(tasks, scope)
    townships = {t.measure.plan.township_id for t in tasks}
    rounds = {
        (r.township_id, r.year): r
        for r in Round.objects.filter(township_id__in=townships, year__in=years)
    }
    nominations = defaultdict(list)
    for n in Nomination.objects.filter(
        round_id__in=[r.pk for r in rounds.values()], nominating_branch_id__in=branch_ids
    ).values_list("round_id", "nominating_branch_id", "stage", named=True):
        nominations[(n.round_id, n.nominating_branch_id)].append(n.stage)
    out = {}
    for task in tasks:
        year = task.measure.plan.year
        round_ = rounds.get((task.measure.plan.township_id, year))
        if round_ is None:
            out[task] = TieResult(
                0, False, None, reverse("awards:round-list"), _("no commendation round")
            )
            continue
        stages = nominations.get((round_.pk, task.branch_id), [])
        # The branch is as far as its least advanced nomination; the notice counts only
        # once it has ended.
        scores = []
        for stage in stages:
            score = STAGE_PERCENT.get(stage, 0)
            if stage == "notice" and not (round_.notice_ends_on and round_.notice_ends_on < on):
                score = 60
            scores.append(score)
        percent = min(scores) if scores else 0
        done = bool(scores) and percent == 100 and round_.is_decided
        out[task] = TieResult(
            percent=percent if (percent < 100 or done) else 90,
            done=done,
            done_on=round_.decided_on if done else None,
            url=reverse("awards:round-detail", args=[round_.pk]),
            summary=_("%(count)s nominations; round: %(stage)s")
            % {"count": len(stages), "stage": round_.stage_label(on)},
        )
    return out


def _rectification(tasks, on, texts, scope=None):
    reverse, _ = texts  # noqa: F811 (see _texts)
    branch_ids, years = _keys(tasks, scope)
    rows = {}
    for r in Rectification.objects.filter(branch_id__in=branch_ids, year__in=years).order_by("pk"):
        rows[(r.branch_id, r.year)] = r
    out = {}
    for task in tasks:
        year = task.measure.plan.year
        r = rows.get((task.branch_id, year))
        url = reverse("branches:detail", args=[task.branch_id])
        if r is None:
            out[task] = TieResult(0, False, None, url, _("no rectification recorded"))
            continue
        remedies = [
            str(label)
            for chosen, label in (
                (r.adjust_leader, _("adjust a leader who cannot lead")),
                (r.fill_vacancies, _("fill committee vacancies")),
                (r.send_cadre, _("send a cadre from above")),
            )
            if chosen
        ]
        done = r.status == Rectification.Status.DONE
        percent = {"planned": 20, "in_progress": 60, "done": 100}.get(r.status, 0)
        out[task] = TieResult(
            percent=percent,
            done=done,
            done_on=r.closed_on if done else None,
            url=url,
            summary=_("rectification %(status)s; remedies: %(remedies)s")
            % {"status": r.get_status_display(), "remedies": "、".join(remedies) or "—"},
        )
    return out


def cadre_counts(branch_ids, on: datetime.date) -> dict[int, dict[str, int]]:
    """Per branch: current reserve cadres, college-graduate village officials among its
    current members, and whether its secretary meets the 双强 standard. Three queries.
    `branch_ids`: ids, or a subquery selecting them (every branch then reads as zeros until
    counted)."""
    counts = defaultdict(lambda: {"reserve": 0, "officials": 0, "double_strong": 0})
    reserve = (
        ReserveCadre.objects.filter(branch_id__in=branch_ids, since__lte=on)
        .filter(Q(until__isnull=True) | Q(until__gt=on))
        .values("branch_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in reserve:
        counts[row["branch_id"]]["reserve"] = row["n"]
    officials = (
        Member.objects.filter(branch_id__in=branch_ids, is_village_official=True)
        .current()
        .values("branch_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in officials:
        counts[row["branch_id"]]["officials"] = row["n"]
    strong = (
        CommitteePosition.objects.filter(
            branch_id__in=branch_ids,
            position="secretary",
            left_on__isnull=True,
            strong_in_getting_rich=True,
            strong_in_leading=True,
        )
        .values("branch_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in strong:
        counts[row["branch_id"]]["double_strong"] = row["n"]
    return counts


def _cadres(tasks, on, texts, scope=None):
    reverse, _ = texts  # noqa: F811 (see _texts)
    branch_ids, _years = _keys(tasks, scope)
    counts = cadre_counts(branch_ids, on)
    out = {}
    for task in tasks:
        have = counts[task.branch_id]
        pairs = [
            (have["reserve"], task.target_reserve),
            (have["officials"], task.target_village_officials),
            (have["double_strong"], task.target_double_strong),
        ]
        pairs = [(n, target) for n, target in pairs if target]
        shares = [min(n, target) / target for n, target in pairs]
        percent = round(100 * sum(shares) / len(shares)) if shares else 0
        done = bool(shares) and percent == 100
        out[task] = TieResult(
            percent=percent,
            done=done,
            # The yearly checkpoint: met as of the day it is looked at.
            done_on=on if done else None,
            url=reverse("members:reserve") + f"?branch={task.branch_id}",
            summary=_(
                "reserve cadres %(reserve)s/%(t_reserve)s, village officials "
                "%(officials)s/%(t_officials)s, double-strong secretary %(strong)s/%(t_strong)s"
            )
            % {
                "reserve": have["reserve"],
                "t_reserve": task.target_reserve or 0,
                "officials": have["officials"],
                "t_officials": task.target_village_officials or 0,
                "strong": have["double_strong"],
                "t_strong": task.target_double_strong or 0,
            },
        )
    return out


COMPUTE = {
    Tie.ORG_LIFE: _org_life,
    Tie.LETTERS: _letters,
    Tie.FINANCE: _finance,
    Tie.COMMENDATION: _commendation,
    Tie.RECTIFICATION: _rectification,
    Tie.CADRES: _cadres,
}
