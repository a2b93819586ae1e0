import datetime
import re

from django.db.models import CharField, Count, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.translation import gettext as _

from branches.models import Attendance, Meeting
from township.dates import add_months, add_years, today
from township.figures import percent

from .models import SIX_MONTHS, Applicant, ContactLog, Member

# At least four consecutive digits (an ID number may end in X).
PARTIAL_NUMBER = re.compile(r"[0-9]{4,}[xX]?")


def member_list(
    members: QuerySet[Member],
    *,
    q: str = "",
    status: str = "current",
    personal_in: QuerySet | None = None,
    on: datetime.date | None = None,
    gender: str = "",
    education: str = "",
    age_band: int | None = None,
) -> QuerySet[Member]:
    """The member list's rows: search by name (or ID number / phone for those who may),
    filtered by status, with the branch loaded.

    With `on` (a past day, the dashboard's 31 December) the statuses are read as of that day,
    by the rules member_structure() counts with: the members then (joining and leaving
    dates), probationary then, conversion due then; mobility and lost contact as they are
    now. Gender, education and age band (AGE_BANDS, age reached in the year) narrow the
    rows the same way the figures count them."""
    day = on or today()
    base = members_counted(members, on)
    if status == "current":
        members = base
    elif status == "full":
        members = base.filter(full_on_q(on))
    elif status == "probationary":
        members = base.filter(~full_on_q(on))
    elif status == "mobile":
        members = base.filter(is_mobile=True)
    elif status == "lost":
        members = base.filter(is_lost_contact=True)
    elif status == "left":
        left = Q(left_on__isnull=False) if on is None else Q(left_on__lte=on)
        members = members.filter(left)
    elif status == "conversion_due":
        members = base.filter(conversion_due_q(day))
    if gender:
        members = members.filter(gender=gender)
    if education:
        members = members.filter(education=education)
    if age_band is not None:
        members = members.filter(age_band_q(age_band, day.year))
    q = q.strip()
    if q:
        personal = Q(id_number=q.upper()) | Q(phone=q)
        if PARTIAL_NUMBER.fullmatch(q):
            # Part of an ID number or phone: four digits or more (fewer would match half the
            # roster). Only among the members whose numbers the reader sees whole (below).
            personal |= Q(id_number__contains=q.upper()) | Q(phone__contains=q)
        if personal_in is not None:
            # A masked number must not be confirmable by searching for it whole.
            personal &= Q(branch__in=personal_in)
        members = members.filter(Q(name__contains=q) | personal)
    return members.select_related("branch")


def conversion_due_q(day: datetime.date) -> Q:
    """Probationary members whose conversion is due on `day`: probation lasts a year from the
    branch meeting, or until the date it was extended to (DOMAIN.md)."""
    return Q(full_member_on__isnull=True, joined_on__lte=add_years(day, -1)) & (
        Q(probation_extended_to__isnull=True) | Q(probation_extended_to__lte=day)
    )


def full_on_q(on: datetime.date | None = None) -> Q:
    """Full members (转正): now, or on a past day `on` (made full by then)."""
    if on is None:
        return Q(full_member_on__isnull=False)
    return Q(full_member_on__isnull=False, full_member_on__lte=on)


# Age bands of the member statistics (党内统计), upper bound inclusive; None = open-ended.
AGE_BANDS = [(None, 30), (31, 40), (41, 50), (51, 60), (61, None)]


def age_band_q(index: int, year: int) -> Q:
    """Members of AGE_BANDS[index] by the age they reach in `year` (year minus birth year,
    as the year-end statistics count: on 31 December everyone has had their birthday).

    By the birth year alone on purpose: the member list filters by this band for readers
    who see the birth date as the year only (DOMAIN.md), and a band cut at a day (an age
    on a chosen date) would let them narrow the hidden day by moving the date."""
    low, high = AGE_BANDS[index]
    cond = Q(birth_date__isnull=False)
    if high is not None:
        cond &= Q(birth_date__gte=datetime.date(year - high, 1, 1))
    if low is not None:
        cond &= Q(birth_date__lte=datetime.date(year - low, 12, 31))
    return cond


# --- Mobile and lost-contact members, member development ----------------------------------


def members_with_activity(members: QuerySet[Member]) -> QuerySet[Member]:
    """Members with the last meeting they attended and the last logged contact (one query).

    Organisational life (attendance) and contact; the dues side of the six-month rule is
    in dues.selectors.leaving_risk, which joins both into the 自行脱党 risk list."""
    attended = (
        Attendance.objects.filter(
            member=OuterRef("pk"), present=True, meeting__status=Meeting.Status.RECORDED
        )
        .order_by()
        .values("member")
        .annotate(d=Max("meeting__date"))
        .values("d")
    )
    logged = (
        ContactLog.objects.filter(member=OuterRef("pk"))
        .order_by()
        .values("member")
        .annotate(d=Max("date"))
        .values("d")
    )
    return members.select_related("branch").annotate(
        last_attended=Subquery(attended), last_logged=Subquery(logged)
    )


def silent_since(limit, branches=None) -> Q:
    """Members of six months or more with no attended meeting, logged contact or recorded
    contact since `limit`, as a filter; `branches`: the members' branches when the list is
    of some branches only (a township's), so the database reads only their attendances (a
    township's list read the county's and took three times as long at 20 townships). Any
    meeting a member attended counts, whichever branch held it (one of a branch they
    belonged to before).

    Each "since" is one uncorrelated subquery (the ids active since the limit), which the
    database evaluates once and hashes, whatever the number of members; a correlated
    subquery per member took minutes on a PostgreSQL without planner statistics. The ids
    are distinct: one per active member, not one per meeting attended (issue 20: at 100
    townships the attendances since the limit outgrew the memory PostgreSQL lets a hashed
    subquery use, and it fell back to scanning them for every member, minutes a page; the
    distinct ids of 24,000 members take about 1 MB of the 8 MB it allows by default)."""
    attended = (
        Attendance.objects.filter(
            present=True, meeting__status=Meeting.Status.RECORDED, meeting__date__gte=limit
        )
        .order_by()
        .values("member_id")
        .distinct()
    )
    logged = ContactLog.objects.filter(date__gte=limit).order_by().values("member_id").distinct()
    if branches is not None:
        attended = attended.filter(member__branch__in=branches)
        logged = logged.filter(member__branch__in=branches)
    return (
        Q(joined_on__lte=limit)
        & ~Q(pk__in=attended)
        & ~Q(pk__in=logged)
        & (Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=limit))
    )


def attach_activity(members: list[Member]) -> list[Member]:
    """Set last_attended and last_logged on each member, as members_with_activity() does,
    with one grouped query over these members (a page of a list)."""
    ids = [m.pk for m in members]
    attended = (
        Attendance.objects.filter(
            member_id__in=ids, present=True, meeting__status=Meeting.Status.RECORDED
        )
        .order_by()
        .values("member_id")
        .annotate(kind=Value("attended", output_field=CharField()), d=Max("meeting__date"))
        .values_list("member_id", "kind", "d")
    )
    logged = (
        ContactLog.objects.filter(member_id__in=ids)
        .order_by()
        .values("member_id")
        .annotate(kind=Value("logged", output_field=CharField()), d=Max("date"))
        .values_list("member_id", "kind", "d")
    )
    last = {}
    if ids:
        last = {(pk, kind): d for pk, kind, d in attended.union(logged, all=True)}
    for m in members:
        m.last_attended = last.get((m.pk, "attended"))
        m.last_logged = last.get((m.pk, "logged"))
    return members


def mobility_flags(member: Member) -> dict:
    """DOMAIN.md's six-month rules as flags (the system flags, people decide).

    Needs a member from members_with_activity() or attach_activity()."""
    day = today()
    limit = add_months(day, -SIX_MONTHS)
    contacts = [d for d in (member.last_contact_on, member.last_logged) if d]
    last_contact = max(contacts) if contacts else None
    activity = [d for d in (last_contact, member.last_attended) if d]
    last_activity = max(activity) if activity else None
    should_transfer = bool(
        member.is_mobile and member.mobile_since and member.mobile_since <= limit
    )
    silent = member.joined_on <= limit and (last_activity is None or last_activity < limit)
    return {
        "last_contact": last_contact,
        "last_activity": last_activity,
        "should_transfer": should_transfer,
        "six_months_silent": silent,
    }


def applicants_due(applicants) -> list:
    """Development records still under way, each with its next step, due date and the
    time rules broken, soonest due first. One query."""
    rows = []
    for applicant in applicants.filter(stopped_on__isnull=True, converted_on__isnull=True):
        step, due = applicant.next_step()
        applicant.step = step
        applicant.step_label = applicant.Step(step).label
        applicant.due_on = due
        applicant.rule_warnings = applicant.warnings()
        rows.append(applicant)
    import datetime

    rows.sort(key=lambda a: (a.due_on or datetime.date.max, a.applied_on, a.pk))
    return rows


def _band_label(low, high) -> str:
    if low is None:
        return _("%(n)s and under") % {"n": high}
    if high is None:
        return _("%(n)s and over") % {"n": low}
    return _("%(low)s to %(high)s") % {"low": low, "high": high}


def age_band_choices() -> list[tuple[str, str]]:
    """The age bands as the list's menu offers them: (index, label)."""
    return [(str(i), _band_label(low, high)) for i, (low, high) in enumerate(AGE_BANDS)]


def members_counted(members: QuerySet[Member], on: datetime.date | None = None):
    """The members the figures count: those of now, or of a past day `on` (joining and
    leaving dates, Member.objects.members_on); the member list's `as_of` reads the same."""
    return members.current() if on is None else members.members_on(on)


def member_figure_conditions(on: datetime.date | None = None) -> dict[str, Q]:
    """{figure: condition} among members_counted(): full and probationary (then), female,
    mobile, lost contact (as now), conversions due, each age band (age reached in the year,
    age_<i>) and education (edu_<key>). One definition for the dashboard, the annual report
    and the county; member_list() filters the list by the same clauses."""
    day = on or today()
    full = full_on_q(on)
    conditions = {
        "full": full,
        "probationary": ~full,
        "female": Q(gender=Member.Gender.FEMALE),
        "mobile": Q(is_mobile=True),
        "lost": Q(is_lost_contact=True),
        # Probation lasts a year from the branch meeting (DOMAIN.md): conversion is due.
        "conversion_due": conversion_due_q(day),
    }
    for i in range(len(AGE_BANDS)):
        conditions[f"age_{i}"] = age_band_q(i, day.year)
    for key in Member.Education.values:
        conditions[f"edu_{key}"] = Q(education=key)
    return conditions


def member_structure(members: QuerySet[Member], *, on: datetime.date | None = None) -> dict:
    """The make-up of the current members in one query: totals, age bands, education,
    gender, mobility, lost contact and conversions due (the dashboard and the annual report
    both read this, so their numbers agree; the member list filters by the same rules,
    member_list(); each row's `query` is the list's filter for its rows). Ages are those
    reached in the year (age_band_q). With `on` (a past year's 31 December): the members as
    of that day (Member.objects.members_on: joining and leaving dates), ages and
    full membership then (mobility and lost contact are only known as they are now)."""
    figures = members_counted(members, on).aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=q) for name, q in member_figure_conditions(on).items()},
    )
    total = figures["total"]

    def row(label, count, query=""):
        return {"label": label, "count": count, "percent": percent(count, total), "query": query}

    return {
        "total": total,
        "full": row(_("full members"), figures["full"], "status=full"),
        "probationary": row(
            _("probationary members"), figures["probationary"], "status=probationary"
        ),
        "female": row(_("female"), figures["female"], f"gender={Member.Gender.FEMALE}"),
        "male": row(_("male"), total - figures["female"]),
        "mobile": row(_("mobile members"), figures["mobile"], "status=mobile"),
        "lost": row(_("lost contact"), figures["lost"], "status=lost"),
        "conversion_due": figures["conversion_due"],
        "age_bands": [
            row(_band_label(low, high), figures[f"age_{i}"], f"age={i}")
            for i, (low, high) in enumerate(AGE_BANDS)
        ],
        "education": [
            row(label, figures[f"edu_{key}"], f"education={key}")
            for key, label in Member.Education.choices
        ],
    }


def pipeline_by_stage(applicants) -> list[dict]:
    """How many people stand at each step of the development pipeline, in one query.

    Mirrors Applicant.stage(): stopped, then converted, admitted, candidate, activist."""
    live = Q(stopped_on__isnull=True)
    stages = {
        Applicant.Stage.APPLICANT: live
        & Q(
            activist_on__isnull=True,
            candidate_on__isnull=True,
            admitted_on__isnull=True,
            converted_on__isnull=True,
        ),
        Applicant.Stage.ACTIVIST: live
        & Q(
            activist_on__isnull=False,
            candidate_on__isnull=True,
            admitted_on__isnull=True,
            converted_on__isnull=True,
        ),
        Applicant.Stage.CANDIDATE: live
        & Q(candidate_on__isnull=False, admitted_on__isnull=True, converted_on__isnull=True),
        Applicant.Stage.PROBATIONARY: live
        & Q(admitted_on__isnull=False, converted_on__isnull=True),
    }
    figures = applicants.aggregate(
        **{key: Count("pk", filter=cond) for key, cond in stages.items()}
    )
    return [
        {"key": key, "label": Applicant.Stage(key).label, "count": figures[key]} for key in stages
    ]
