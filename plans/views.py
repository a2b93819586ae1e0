from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.models import Branch
from township.concurrency import save_if_current
from township.dates import add_years, today
from township.decorators import role_required
from township.excel import Column, write_xlsx, xlsx_response
from township.filters import chosen_township
from township.late import confirm_late_from_request
from township.models import Township
from township.permissions import is_leadership_or_staff, is_staff_of, scope_of, townships_managed_by
from township.uploads import serve_private_file

from . import ical
from .filters import LetterFilterForm, TaskFilterForm
from .forms import DoneForm, FanOutForm, LetterForm, NextYearForm, ReopenForm, TaskUpdateForm
from .models import CalendarToken, Measure, Plan, ResponsibilityLetter, Task, TaskStatus, TaskUpdate
from .permissions import (
    can_confirm_late_updates,
    can_reopen_task,
    can_update_task,
    get_evidence_for_user,
    get_letter_for_user,
    get_task_for_user,
    letters_visible_to,
    plans_visible_to,
    tasks_visible_to,
)
from .selectors import ON_TRACK_FILTER, calendar_tasks
from .services import (
    PlanError,
    TaskConflict,
    TaskError,
    calendar_token_for,
    fan_out_task,
    issue_letters,
    mark_task_done,
    next_year_title,
    post_task_update,
    reopen_task,
    reset_calendar_token,
    start_next_year,
)
from .ties import apply_ties


@role_required
def plan_index(request):
    plans = plans_visible_to(request.user).select_related("township").order_by("-year", "township")
    return render(request, "plans/index.html", {"plans": plans})


#: Tasks shown per measure on the whole-plan page; the rest is one click away.
PREVIEW_TASKS = 10
#: Tasks per page when one measure is chosen.
TASKS_PER_PAGE = 50


def _plan_for(request, year: int):
    """The plan of `year` the user reads (the township chosen when they read several),
    with the tasks they may see rolled up and filtered as the page's GET asks."""
    plans = plans_visible_to(request.user).filter(year=year).select_related("township")
    # A secretary reads their township's plan without reading the township: the choice is
    # among the townships whose plan of the year the user reads.
    townships = Township.objects.filter(pk__in=plans.values("township_id"))
    township = chosen_township(request.user, request.GET.get("township"), among=townships)
    if township is not None:
        plans = plans.filter(township=township)
    plan = plans.order_by("township_id").first()
    if plan is None:
        raise Http404
    form = TaskFilterForm(request.GET, user=request.user)
    progress = form.progress(plan, tasks_visible_to(request.user))
    filters = {
        "branch_id": form.text("branch"),
        "status": form.cleaned_data["status"],
        "measure_id": form.cleaned_data["measure"],
    }
    return plan, progress, filters


@role_required
def plan_detail(request, year: int):
    plan, progress, filters = _plan_for(request, year)
    measure_id = filters["measure_id"]
    query = urlencode(
        {
            "township": plan.township_id,
            "branch": filters["branch_id"],
            "status": filters["status"],
        }
    )
    page = None
    for row in progress.measures:
        if measure_id and row.measure.pk == measure_id:
            # One measure: every task, a page at a time.
            page = Paginator(row.tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))
            row.rows = page.object_list
        else:
            row.rows = row.tasks[:PREVIEW_TASKS]
        row.hidden = len(row.tasks) - len(row.rows)
        row.all_url = f"?{query}&measure={row.measure.pk}"
    # Few tasks: every measure open; many (a phone at 500 tasks): the measures' summaries
    # with their figures, each opened by a tap.
    matching = sum(len(row.tasks) for row in progress.measures)
    for row in progress.measures:
        row.open = bool(measure_id) or matching <= TASKS_PER_PAGE
    scope = scope_of(request.user)
    reader = is_leadership_or_staff(request.user)
    branches = Branch.objects.filter(township=plan.township).active()
    if not reader:
        branches = branches.filter(pk__in=scope.secretary_branches)
    years = list(
        plans_visible_to(request.user).filter(township=plan.township).values_list("year", flat=True)
    )
    staff = is_staff_of(request.user, plan.township_id)
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "progress": progress,
            "branches": branches,
            "reader": reader,
            "can_add_tasks": staff,
            "can_start_next_year": staff and plan.year + 1 not in years,
            "branch_id": filters["branch_id"],
            "status": filters["status"],
            "measure_id": measure_id,
            "page": page,
            "export_query": request.GET.urlencode(),
            "statuses": [
                *TaskStatus.choices,
                (ON_TRACK_FILTER, _("on track or not started yet")),
            ],
            "years": years,
        },
    )


#: The columns of the tasks export: the plan page's table, with the measure and dates.
TASK_COLUMNS = [
    Column("措施", lambda t: str(t.measure), 30),
    Column("任务", lambda t: t.title, 40),
    Column("党支部", lambda t: t.branch.name if t.branch else "乡机关", 20),
    Column("责任人", lambda t: t.responsible, 12),
    Column("完成时限", lambda t: t.due, 12),
    Column("状态", lambda t: str(TaskStatus(t.current_status).label), 10),
    Column("完成进度（%）", lambda t: t.progress, 12),
    Column("完成日期", lambda t: t.done_on, 12),
    Column("最近更新", lambda t: t.last_update_on, 12),
    Column("更新次数", lambda t: t.update_count, 10),
]


@role_required
def plan_export(request, year: int):
    """The tasks the plan page shows under the same filters (all pages), as .xlsx."""
    plan, progress, _filters = _plan_for(request, year)
    tasks = [task for row in progress.measures for task in row.tasks]
    content = write_xlsx(
        title=f"{plan.year}年任务",
        columns=TASK_COLUMNS,
        rows=tasks,
        banner=f"{plan.title}（{plan.township.name}，导出于{today():%Y-%m-%d}）",
    )
    return xlsx_response(f"{plan.year}年实施方案任务.xlsx", content)


def _plan_for_staff(request, pk: int):
    plan = get_object_or_404(plans_visible_to(request.user).select_related("township"), pk=pk)
    if not is_staff_of(request.user, plan.township_id):
        raise PermissionDenied
    return plan


def _next_year_context(plan, form):
    year = plan.year + 1
    measures = list(
        plan.measures.order_by("number").annotate(
            carried_tasks=Count(
                "tasks",
                filter=Q(tasks__branch__isnull=True) | Q(tasks__branch__dissolved_on__isnull=True),
            )
        )
    )
    for measure in measures:
        if measure.is_recurring:
            measure.new_deadline = measure.checkpoint_in(year)
        elif measure.deadline:
            measure.new_deadline = add_years(measure.deadline, 1)
    next_plan = Plan.objects.filter(township_id=plan.township_id, year=year).first()
    return {
        "plan": plan,
        "year": year,
        "title": next_year_title(plan),
        "carried": [m for m in measures if m.is_recurring],
        "dated": [m for m in measures if not m.is_recurring],
        "next_plan": next_plan,
        "form": form,
    }


def plan_next_year(request, pk: int):
    """The confirmation page: what will be carried into next year, the dated measures to tick."""
    plan = _plan_for_staff(request, pk)
    form = NextYearForm(
        dated_measures=plan.measures.filter(deadline_kind=Measure.DeadlineKind.DATE)
    )
    return render(request, "plans/next_year.html", _next_year_context(plan, form))


@require_POST
def plan_next_year_start(request, pk: int):
    plan = _plan_for_staff(request, pk)
    form = NextYearForm(
        request.POST,
        dated_measures=plan.measures.filter(deadline_kind=Measure.DeadlineKind.DATE),
    )
    if not form.is_valid():
        return render(request, "plans/next_year.html", _next_year_context(plan, form), status=400)
    try:
        new = start_next_year(
            plan=plan, by=request.user, dated_measure_ids=form.cleaned_data["dated_measures"]
        )
    except PlanError as error:
        messages.error(request, str(error))
        return redirect("plans:next-year", pk=plan.pk)
    messages.success(
        request,
        _("The %(year)s plan is started: %(m)s measures, %(t)s tasks.")
        % {
            "year": new.year,
            "m": new.measures.count(),
            "t": Task.objects.filter(measure__plan=new).count(),
        },
    )
    return redirect(
        f"{reverse('plans:plan', kwargs={'year': new.year})}?township={new.township_id}"
    )


def measure_tasks_new(request, pk: int):
    """Staff break a measure into tasks: one per chosen branch and/or the township office."""
    measure = get_object_or_404(
        Measure.objects.filter(plan__in=plans_visible_to(request.user)).select_related(
            "plan__township"
        ),
        pk=pk,
    )
    if not is_staff_of(request.user, measure.plan.township_id):
        raise PermissionDenied
    branches = Branch.objects.filter(township=measure.plan.township).active()
    form = FanOutForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tasks = fan_out_task(
                measure=measure,
                branches=data["branches"],
                include_office=data["include_office"],
                title=data["title"],
                description=data["description"],
                responsible=data["responsible"],
                due_on=data["due_on"],
                evidence_required=data["evidence_required"],
                tie=data["tie"],
                counts=form.targets(),
            )
        except TaskError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(n)s tasks created.") % {"n": len(tasks)})
            url = reverse("plans:plan", kwargs={"year": measure.plan.year})
            return redirect(f"{url}?township={measure.plan.township_id}&measure={measure.pk}")
    return render(request, "plans/fan_out.html", {"measure": measure, "form": form})


def _task_context(request, task, **forms):
    apply_ties([task])
    task.current_status = task.status()
    task.due = task.due_date()
    updates = task.updates.select_related("author", "late_confirmed_by").prefetch_related(
        "evidence"
    )
    can_update = can_update_task(request.user, task)
    context = {
        "task": task,
        "updates": updates,
        "can_update": can_update and not task.is_done and not task.is_tied,
        "can_reopen": can_reopen_task(request.user, task) and task.is_done,
        "can_confirm_late": can_confirm_late_updates(request.user, task),
        "update_form": TaskUpdateForm(
            initial={"version": task.version, "percent": task.percent, "on": today()}
        ),
        "done_form": DoneForm(initial={"version": task.version}),
        "reopen_form": ReopenForm(initial={"version": task.version}),
        "max_mb": settings.UPLOAD_MAX_MB,
    }
    context.update(forms)
    return context


def task_detail(request, pk: int):
    task = get_task_for_user(request.user, pk)
    return render(request, "plans/task.html", _task_context(request, task))


def _conflict(request, task, form_name, form):
    """Show the current state, keep what the user typed, with the new version number."""
    task.refresh_from_db()
    data = form.data.copy()
    data["version"] = task.version
    form = type(form)(data)
    form.is_valid()
    messages.error(
        request,
        _(
            "Somebody else changed this task in the meantime. Here is its current state; nothing of yours was saved, please check and save again."
        ),
    )
    return render(
        request, "plans/task.html", _task_context(request, task, **{form_name: form}), status=409
    )


@require_POST
def task_update(request, pk: int):
    task = get_task_for_user(request.user, pk, write=True)
    form = TaskUpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "plans/task.html", _task_context(request, task, update_form=form), status=400
        )
    data = form.cleaned_data
    try:
        post_task_update(
            task=task,
            by=request.user,
            version=data["version"],
            text=data["text"],
            percent=data["percent"],
            on=data["on"],
            files=data["files"],
        )
    except TaskConflict:
        return _conflict(request, task, "update_form", TaskUpdateForm(request.POST))
    except TaskError as error:
        messages.error(request, str(error))
        return redirect("plans:task", pk=task.pk)
    messages.success(request, _("Progress saved."))
    return redirect("plans:task", pk=task.pk)


@require_POST
def task_done(request, pk: int):
    task = get_task_for_user(request.user, pk, write=True)
    form = DoneForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request, "plans/task.html", _task_context(request, task, done_form=form), status=400
        )
    try:
        mark_task_done(
            task=task,
            by=request.user,
            version=form.cleaned_data["version"],
            text=form.cleaned_data["text"],
            files=form.cleaned_data["files"],
        )
    except TaskConflict:
        return _conflict(request, task, "done_form", form)
    except TaskError as error:
        # Keep the closing note the user typed: show the page again with the reason.
        form.add_error(None, str(error))
        return render(
            request, "plans/task.html", _task_context(request, task, done_form=form), status=400
        )
    messages.success(request, _("The task is marked done."))
    return redirect("plans:task", pk=task.pk)


@require_POST
def task_reopen(request, pk: int):
    task = get_task_for_user(request.user, pk)
    if not can_reopen_task(request.user, task):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return render(
            request, "plans/task.html", _task_context(request, task, reopen_form=form), status=400
        )
    try:
        reopen_task(
            task=task,
            by=request.user,
            version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except TaskConflict:
        return _conflict(request, task, "reopen_form", form)
    except TaskError as error:
        messages.error(request, str(error))
        return redirect("plans:task", pk=task.pk)
    messages.success(request, _("The task is reopened."))
    return redirect("plans:task", pk=task.pk)


@require_POST
def update_confirm_late(request, pk: int):
    """Staff confirm a progress report entered late (补录) after checking it."""
    update = get_object_or_404(TaskUpdate.objects.select_related("task"), pk=pk)
    task = get_task_for_user(request.user, update.task_id)
    if not can_confirm_late_updates(request.user, task):
        raise PermissionDenied
    confirm_late_from_request(request, update)
    return redirect("plans:task", pk=task.pk)


def evidence_file(request, pk: int):
    evidence = get_evidence_for_user(request.user, pk)
    return serve_private_file(evidence.file, evidence.original_name)


def letter_scan(request, pk: int):
    letter = get_letter_for_user(request.user, pk)
    if not letter.scan:
        raise Http404
    suffix = letter.scan.name.rsplit(".", 1)[-1]
    return serve_private_file(
        letter.scan,
        f"{letter.branch.short_name or letter.branch.name}-{letter.year}-{letter.get_kind_display()}.{suffix}",
    )


@role_required
def letter_list(request, year: int):
    letters = {
        (letter.branch_id, letter.kind): letter
        for letter in letters_visible_to(request.user).filter(year=year).select_related("branch")
    }
    scope = scope_of(request.user)
    branches = Branch.objects.active().select_related("township")
    if scope.superuser:
        pass
    elif is_leadership_or_staff(request.user):
        branches = branches.filter(township_id__in=scope.reading_townships)
    else:
        branches = branches.filter(pk__in=scope.secretary_branches)
    form = LetterFilterForm(request.GET, user=request.user)
    form.warn(request)
    branches = form.filter_qs(branches)
    # The home page's to-do: the branches holding a letter issued but not yet signed.
    only_unsigned = form.cleaned_data["unsigned"]
    kinds = ResponsibilityLetter.Kind.choices
    rows, unsigned = [], []
    for branch in branches.order_by("township", "position", "id"):
        cells = [letters.get((branch.pk, kind)) for kind, _label in kinds]
        missing = [
            label
            for (kind, label), cell in zip(kinds, cells, strict=True)
            if not (cell and cell.is_signed)
        ]
        if missing:
            unsigned.append((branch, missing))
        if only_unsigned and not any(cell and not cell.is_signed for cell in cells):
            continue
        rows.append({"branch": branch, "cells": cells, "missing": missing})
    return render(
        request,
        "plans/letters.html",
        {
            "year": year,
            "kinds": kinds,
            "rows": rows,
            "unsigned": unsigned,
            "filter_note": _("branches with a letter issued but not signed")
            if only_unsigned
            else "",
            "can_edit": bool(scope.superuser or scope.staff_townships),
            "can_issue": bool(scope.staff_townships),
        },
    )


@require_POST
def letters_issue(request, year: int):
    """Staff issue the year's three letters to every active branch that lacks one."""
    scope = scope_of(request.user)
    if not (scope.superuser or scope.staff_townships):
        raise PermissionDenied
    townships = set(townships_managed_by(request.user).values_list("pk", flat=True))
    created = issue_letters(year=year, township_ids=townships)
    messages.success(request, _("%(n)s letters issued.") % {"n": created})
    return redirect("plans:letters", year=year)


def letter_edit(request, pk: int):
    letter = get_letter_for_user(request.user, pk, write=True)
    if request.method == "POST":
        form = LetterForm(request.POST, request.FILES, instance=letter)
        if save_if_current(form):
            messages.success(request, _("The responsibility letter is saved."))
            return redirect("plans:letters", year=letter.year)
    else:
        form = LetterForm(instance=letter)
    return render(request, "plans/letter_edit.html", {"letter": letter, "form": form})


@role_required
def calendar_page(request):
    token = calendar_token_for(request.user)
    url = request.build_absolute_uri(reverse("plans:ical", kwargs={"token": token.token}))
    return render(request, "plans/calendar.html", {"url": url})


@require_POST
@role_required
def calendar_reset(request):
    reset_calendar_token(user=request.user)
    messages.success(request, _("A new calendar address was made; the old one no longer works."))
    return redirect("plans:calendar")


@login_not_required
def calendar_feed(request, token: str):
    row = get_object_or_404(
        CalendarToken.objects.select_related("user"), token=token, user__is_active=True
    )
    events = []
    for task in calendar_tasks(row.user):
        due = task.due_date()
        if due is None:
            continue
        who = task.branch.name if task.branch else _("township office")
        events.append(
            {
                "uid": f"task-{task.pk}",
                "day": due,
                "summary": f"{task.title}（{who}）",
                "description": f"{task.measure.plan.year} {task.measure}\n{_('responsible person')}: {task.responsible}",
                "url": request.build_absolute_uri(reverse("plans:task", kwargs={"pk": task.pk})),
                "yearly": task.is_recurring,
            }
        )
    body = ical.calendar(_("Task deadlines"), events, domain=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
