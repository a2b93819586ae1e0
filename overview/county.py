"""The county organisation department's view: every township of the county side by side.

Each figure is computed for all townships at once (grouped queries), so the page costs the
same number of queries for 2 townships as for 40.
"""

from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from branches.models import Branch, BranchGrade
from branches.selectors import org_life_tally
from finance.models import VillageFinance
from members.models import Member
from members.selectors import AGE_BANDS, member_figure_conditions, members_counted
from plans.models import Measure, Plan, Task, TaskStatus
from plans.selectors import task_rows
from plans.ties import apply_ties, tied_finances
from township import stamps
from township.dataversion import cached
from township.dates import is_year, today
from township.figures import percent
from township.models import Township
from township.pdf import pdf_response
from township.permissions import counties_visible_to
from township.states import State

from .dashboard import members_as_of, members_list_base, years_by_township, years_with_data
from .filters import CountyYearForm


@dataclass
class TownshipRow:
    township: Township
    branches: int = 0
    graded: int = 0
    grades: dict = field(default_factory=dict)  # grade key -> count
    weak: int = 0
    tasks: int = 0
    done: int = 0
    overdue: int = 0
    missed_meetings: int = 0
    branches_behind: int = 0
    villages: int = 0
    checklist_done: int = 0
    checklist_total: int = 0
    debt_to_villagers: Decimal = Decimal("0.00")
    missed_disclosures: int = 0
    members: int = 0
    probationary: int = 0
    female: int = 0
    aged_61: int = 0
    mobile: int = 0
    lost: int = 0

    @property
    def good_percent(self) -> Decimal:
        return percent(self.grades.get("good", 0), self.graded)

    @property
    def weak_percent(self) -> Decimal:
        return percent(self.weak, self.graded)

    @property
    def done_percent(self) -> Decimal:
        return percent(self.done, self.tasks)

    @property
    def on_track(self) -> int:
        return self.tasks - self.done - self.overdue

    @property
    def checklist_percent(self) -> Decimal:
        return percent(self.checklist_done, self.checklist_total)

    @property
    def aged_61_percent(self) -> Decimal:
        return percent(self.aged_61, self.members)

    @property
    def female_percent(self) -> Decimal:
        return percent(self.female, self.members)


#: The age band of "61 and over" (AGE_BANDS' last: the age reached in the year).
OLDEST_BAND = len(AGE_BANDS) - 1


def county_comparison(townships, year: int) -> list[TownshipRow]:
    """One row per township with its grading, plan, organisational life, finance and member
    figures for `year`. A fixed number of queries, whatever the number of townships."""
    day = today()
    rows = {t.pk: TownshipRow(t) for t in townships}
    ids = list(rows)

    branches = Branch.objects.filter(township_id__in=ids).active()
    _count_per_township(rows, branches, "township_id", branches=Count("pk"))

    grade_counts = {
        f"n_{key}": Count("pk", filter=Q(grade=key)) for key in BranchGrade.Grade.values
    }
    for target, row in _count_per_township(
        rows,
        # The active branches' grades, as the dashboard and the branch list count them.
        BranchGrade.objects.filter(branch__in=branches, year=year),
        "branch__township_id",
        graded=Count("pk"),
        weak=Count("pk", filter=Q(weak_and_lax=True)),
        **grade_counts,
    ):
        target.grades = {key: row[f"n_{key}"] for key in BranchGrade.Grade.values}

    # Task status depends on today and on each task's deadline rules: derived in Python,
    # as the plan page does. The few plans and measures are read once and shared by their
    # tasks (select_related would build a measure and a plan per task: thousands at county
    # size).
    plans = {p.pk: p for p in Plan.objects.filter(township_id__in=ids, year=year)}
    measures = {m.pk: m for m in Measure.objects.filter(plan_id__in=plans)}
    for measure in measures.values():
        measure.plan = plans[measure.plan_id]  # one plan object per township, not per measure
    # Plain rows, not model instances: a thousand tasks at county size (issue 20).
    tasks = task_rows(Task.objects.filter(measure_id__in=measures), measures)
    # Tied tasks count what their records say, as on the plan page (a few queries in all).
    # Statuses only: no links, no summaries; the organisational life counted once for the
    # tied tasks and the missed periods below.
    tallies = org_life_tally(branches, year)
    # The village finances likewise: read once for the finance ties and the figures below.
    finances = tied_finances(
        VillageFinance.objects.filter(branch__township_id__in=ids, year=year).select_related(
            "branch"
        ),
        day,
    )
    apply_ties(
        tasks,
        on=day,
        links=False,
        org_life={(pk, year): t for pk, t in tallies.items()},
        finance=finances,
        branches=branches,
    )
    for task in tasks:
        target = rows[task.measure.plan.township_id]
        target.tasks += 1
        status = task.status(day)
        if status == TaskStatus.DONE:
            target.done += 1
        elif status == TaskStatus.OVERDUE:
            target.overdue += 1

    for township_id, (missed, behind) in org_life_missed_by_township(
        branches, year, tallies=tallies
    ).items():
        rows[township_id].missed_meetings = missed
        rows[township_id].branches_behind = behind

    for finance, overview in finances.values():
        target = rows[finance.branch.township_id]
        target.villages += 1
        target.checklist_done += overview.items_done
        target.checklist_total += overview.items_total
        target.debt_to_villagers += overview.debt_to_villagers
        target.missed_disclosures += len(overview.disclosure_missed)

    # The members as the township dashboard counts them (a past year: on its 31 December),
    # by the same conditions, so each figure links to the member list showing its rows.
    on = members_as_of(year)
    member_q = member_figure_conditions(on)
    _count_per_township(
        rows,
        members_counted(Member.objects.filter(branch__township_id__in=ids), on),
        "branch__township_id",
        members=Count("pk"),
        probationary=Count("pk", filter=member_q["probationary"]),
        female=Count("pk", filter=member_q["female"]),
        aged_61=Count("pk", filter=member_q[f"age_{OLDEST_BAND}"]),
        mobile=Count("pk", filter=member_q["mobile"]),
        lost=Count("pk", filter=member_q["lost"]),
    )
    return list(rows.values())


def _count_per_township(rows, queryset, township_field: str, **counts):
    """One grouped query: each aggregate in `counts` per township, set on the township's row
    under the aggregate's name (a TownshipRow field). Returns [(row, the query's row)] for
    the aggregates that are not fields (the grades)."""
    found = []
    for row in queryset.order_by().values(township_field).annotate(**counts):
        target = rows[row[township_field]]
        for name in counts:
            if hasattr(target, name):
                setattr(target, name, row[name])
        found.append((target, row))
    return found


def org_life_missed_by_township(
    branches, year: int, tallies: dict | None = None
) -> dict[int, tuple[int, int]]:
    """{township id: (periods missed, branches behind)} over `branches` for `year`: the
    totals of org_life_compliance(), counted in the database by org_life_tally() (one row
    per branch: no meeting or period reaches Python; issue 20: 10,377 grouped rows and
    ~1,750 objects per request at 20 townships before). A branch is behind when it missed
    a period (a period still running is pending, never missed). `tallies`: the branches'
    org_life_tally() when the caller has it already."""
    if tallies is None:
        tallies = org_life_tally(branches, year)
    result: dict[int, tuple[int, int]] = {}
    for tally in tallies.values():
        missed, behind = result.get(tally.township_id, (0, 0))
        result[tally.township_id] = (missed + tally.missed, behind + bool(tally.missed))
    return result


def county_rows(townships, year: int, listed: list | None = None) -> list[TownshipRow]:
    """county_comparison(), each township's row kept under that township's own data version
    (township/stamps.py): after a write, only the townships it reached are computed again
    (issue 20 item 4: at 100 townships the whole comparison is 100 times the work of one).
    Nothing is kept inside a transaction or while the triggers are missing (see
    stamps.versioned()). `listed`: the townships as versioned() read them earlier in the
    request."""
    listed = listed or stamps.versioned(townships)
    if listed is None:
        return county_comparison(townships, year)

    def compute(stale):
        return {row.township.pk: row for row in county_comparison(stale, year)}

    rows = stamps.per_township(f"county-row:{year}", listed, compute)
    for township in listed:
        rows[township.pk].township = township  # as read now (the name is in its version)
    return [rows[township.pk] for township in listed]


def county_years(townships: list) -> list[int]:
    """years_with_data() of the townships (versioned()), each township's years kept under
    its own data version."""
    years = stamps.per_township(
        "county-years",
        townships,
        lambda stale: {t.pk: [] for t in stale} | years_by_township([t.pk for t in stale]),
    )
    return sorted({year for found in years.values() for year in found}, reverse=True)


def county_row_html(context: dict, listed: list | None) -> list[str]:
    """Each township's row of the table, rendered once and kept under the township's data
    version like its figures: at 100 townships rendering the rows cost more than computing
    the one a write changed. `listed`: stamps.versioned(), or None (nothing kept)."""
    from django.utils.translation import get_language

    rows = {r.township.pk: r for r in context["rows"]}

    def render(townships):
        return {
            t.pk: render_to_string("township/_county_row.html", {**context, "r": rows[t.pk]})
            for t in townships
        }

    if listed is None:
        html = render([r.township for r in context["rows"]])
    else:
        html = stamps.per_township(
            f"county-row-html:{context['year']}:{get_language()}", listed, render
        )
    return [html[r.township.pk] for r in context["rows"]]


def county_totals(rows: list[TownshipRow]) -> TownshipRow:
    total = TownshipRow(Township(name=_("whole county")))
    summed = [f.name for f in fields(TownshipRow) if f.name not in ("township", "grades")]
    for row in rows:
        for name in summed:
            setattr(total, name, getattr(total, name) + getattr(row, name))
        for key, n in row.grades.items():
            total.grades[key] = total.grades.get(key, 0) + n
    return total


def _county_scope(request, *, page: bool = True) -> tuple[str, object, int]:
    """The county asked for (one the user reads, a 404 for another), its townships and the
    year; on a page, a year not understood is said."""
    counties = counties_visible_to(request.user)
    if not counties:
        raise PermissionDenied
    county = request.GET.get("county") or counties[0]
    if county not in counties:
        from django.http import Http404

        raise Http404
    form = CountyYearForm(request.GET, user=request.user)
    if page:
        form.warn(request)
    return (
        county,
        Township.objects.filter(county=county).order_by("name"),
        form.cleaned_data["year"],
    )


def county_context(county: str, townships, year: int, listed: list | None = None) -> dict:
    rows = county_rows(townships, year, listed)
    return {
        "county": county,
        "year": year,
        "rows": rows,
        "totals": county_totals(rows),
        "grades": BranchGrade.Grade.choices,
        # The member figures' list (a township's appended): as of a past year's 31 December.
        "members_list": members_list_base(year),
        "oldest_band": OLDEST_BAND,
    }


def county_dashboard(request):
    county, townships, year = _county_scope(request)
    # Every township of the county compared, rendered once and kept under the versions of
    # the townships' data (township/stamps.py: a committed write to one of them makes the
    # next request render afresh, computing that township's row alone), as the township
    # dashboard keeps its figures: at 100 townships rendering the table cost more than
    # reading it.
    listed = stamps.versioned(townships)
    version = stamps.fingerprint(listed) if listed is not None else None

    def figures_html():
        context = county_context(county, townships, year, listed)
        rows = context["rows"]
        categories = [r.township.name for r in rows]
        charts = {
            "grading_by_township": {
                "categories": categories,
                "series": [
                    {"name": str(label), "data": [r.grades.get(key, 0) for r in rows]}
                    for key, label in BranchGrade.Grade.choices
                ],
            },
            "tasks_by_township": {
                "categories": categories,
                "series": [
                    {"name": str(TaskStatus.DONE.label), "data": [r.done for r in rows]},
                    {"name": str(State.ON_TRACK.label), "data": [r.on_track for r in rows]},
                    {"name": str(TaskStatus.OVERDUE.label), "data": [r.overdue for r in rows]},
                ],
            },
        }
        return render_to_string(
            "township/_county_figures.html",
            {**context, "charts": charts, "row_html": county_row_html(context, listed)},
            request,
        )

    if listed is None:
        years = years_with_data(townships)
    else:
        years = county_years(listed)
    return render(
        request,
        "township/county.html",
        {
            "county": county,
            "year": year,
            "figures": cached(("county-html", county, year), figures_html, version=version),
            "counties": counties_visible_to(request.user),
            # Only years with a plan, grades or records in the townships compared.
            "years": years or [today().year],
        },
    )


def county_report(request, year: int):
    county, townships, _year = _county_scope(request, page=False)
    if not is_year(year):
        from django.http import Http404

        raise Http404
    return pdf_response(
        "township/pdf/county_report.html",
        lambda: county_context(county, townships, year),
        filename=f"{county}{year}年度基层党建工作汇总.pdf",
        # The same for every reader of the county: kept under the data version.
        cache_key=("county", county, year),
    )
