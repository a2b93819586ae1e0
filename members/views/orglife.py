"""Member-side pages of organisational life and the cadre pipeline: democratic appraisal,
mobile and lost-contact members, member development, reserve cadres, campaigns."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.models import Branch, CommitteePosition
from branches.permissions import (
    branches_managed_by,
    branches_visible_to,
    can_confirm_late_entries,
    can_manage_branch,
    get_branch_for_user,
)
from township.concurrency import (
    VERSION_FIELD,
    StaleGrid,
    check_grid_version,
    grid_version,
    save_if_current,
)
from township.dates import add_months, today
from township.decorators import role_required
from township.late import confirm_late_from_request, late_days

from ..filters import (
    FLAG_LABELS,
    STAGES,
    AppraisalYearForm,
    BranchFilterForm,
    MobileFilterForm,
    PipelineFilterForm,
)
from ..forms.orglife import ApplicantForm, ContactForm, MobilityForm, StepForm
from ..models import (
    SIX_MONTHS,
    Applicant,
    Appraisal,
    CampaignResult,
    ContactLog,
    Member,
    ReserveCadre,
)
from ..permissions import (
    applicants_visible_to,
    campaigns_visible_to,
    can_manage_applicant,
    can_manage_member,
    get_applicant_for_user,
    get_member_for_user,
    members_visible_to,
)
from ..selectors import (
    attach_activity,
    members_with_activity,
    mobility_flags,
)
from ..services import MemberError, advance_applicant, record_appraisals, record_contact
from .development import development_context

# --- 民主评议党员 ----------------------------------------------------------------------


def appraisals(request, pk: int):
    """The branch's democratic appraisal of a year: every full member's result."""
    branch = get_branch_for_user(request.user, pk)
    # The year shown (GET) or saved (POST): a year that is not understood is said, and never
    # saved as another year.
    period = AppraisalYearForm(
        request.POST if request.method == "POST" else request.GET, user=request.user
    )
    year = period.cleaned_data["year"]
    can_edit = can_manage_branch(request.user, branch)
    records = {
        a.member_id: a
        for a in Appraisal.objects.filter(branch=branch, year=year).select_related(
            "late_confirmed_by"
        )
    }
    existing = {member_id: a.result for member_id, a in records.items()}
    members = list(Member.objects.filter(branch=branch).current().order_by("joined_on", "id"))
    years = list(range(today().year, today().year - 6, -1))
    # The grid's version: the newest history record of this branch's appraisals that year.
    history = Appraisal.history.filter(branch_id=branch.pk, year=year)
    seen_version = grid_version(history)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        # Only the members whose result was posted change: an empty or partial POST
        # leaves everyone else's result as it is.
        posted = {
            int(k[len("result_") :]): v
            for k, v in request.POST.items()
            if k.startswith("result_") and k[len("result_") :].isdigit()
        }
        results = {**existing, **posted}
        try:
            if period.errors:
                raise MemberError(period.error_text())
            if year not in years:
                raise MemberError(
                    _("Appraisals can be recorded for %(first)s to %(last)s only.")
                    % {"first": years[-1], "last": years[0]}
                )
            with transaction.atomic():
                check_grid_version(
                    seen=request.POST.get(VERSION_FIELD),
                    history=history,
                    lock=Branch.objects.filter(pk=branch.pk),
                )
                graded = record_appraisals(branch=branch, year=year, results=results)
        except (MemberError, StaleGrid) as e:
            messages.error(request, str(e))
            existing = results
        else:
            messages.success(request, _("%(n)s members graded.") % {"n": graded})
            return redirect(f"{request.path}?year={year}")
    else:
        period.warn(request)
    rows = [
        {
            "member": m,
            "gradable": Appraisal.gradable(m, year),
            "result": existing.get(m.pk, ""),
            "appraisal": records.get(m.pk),
        }
        for m in members
    ]
    # Entered more than LATE_ENTRY_DAYS after the year's end: 补录, confirmed by staff here.
    late = [r for r in rows if r["appraisal"] and r["appraisal"].is_late]
    graded = [r for r in rows if r["result"]]
    return render(
        request,
        "members/appraisals.html",
        {
            "branch": branch,
            "year": year,
            "years": years,
            "version_field": VERSION_FIELD,
            "seen_version": seen_version,
            "rows": rows,
            "results": Appraisal.Result.choices,
            "labels": dict(Appraisal.Result.choices),
            "graded": len(graded),
            "excellent": sum(1 for r in graded if r["result"] == Appraisal.Result.EXCELLENT),
            "can_edit": can_edit,
            "late": late,
            "late_days": late_days(),
            "can_confirm_late": can_confirm_late_entries(request.user, branch),
        },
    )


@require_POST
def appraisal_confirm_late(request, pk: int):
    """Staff confirm an appraisal entered late (补录) after checking it: the mark stays."""
    appraisal = get_object_or_404(Appraisal, pk=pk)
    branch = get_branch_for_user(request.user, appraisal.branch_id)
    if not can_confirm_late_entries(request.user, branch):
        raise PermissionDenied
    confirm_late_from_request(request, appraisal)
    return redirect(
        reverse("members:appraisals", args=[branch.pk]) + f"?year={appraisal.year}#late"
    )


@require_POST
def contact_confirm_late(request, pk: int):
    """Staff confirm a contact with a member entered late (补录) after checking it."""
    contact = get_object_or_404(ContactLog, pk=pk)
    member = get_member_for_user(request.user, contact.member_id)
    if not can_confirm_late_entries(request.user, member.branch):
        raise PermissionDenied
    confirm_late_from_request(request, contact)
    return redirect(reverse("members:detail", args=[member.pk]) + "#contacts")


# --- 流动党员、失联党员 -----------------------------------------------------------------


@role_required
def mobile_list(request):
    """Mobile and lost-contact members, and anyone silent for six months (DOMAIN.md)."""
    form = MobileFilterForm(request.GET, user=request.user)
    form.warn(request)
    # The filter and the count use uncorrelated subqueries; the page's 50 rows get their
    # dates from one grouped query (attach_activity), never one lookup per member.
    members = form.filter_qs(members_visible_to(request.user).current())
    members = members.select_related("branch").order_by(
        "branch__position", "branch_id", "name", "id"
    )
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    page.object_list = attach_activity(list(page.object_list))
    managed = set(branches_managed_by(request.user).values_list("pk", flat=True))
    for member in page:
        member.flags = mobility_flags(member)
        member.can_manage = member.branch_id in managed
    return render(
        request,
        "members/mobile.html",
        {
            "page": page,
            "flag": form.text("flag"),
            "flags": list(FLAG_LABELS.items()),
            "branches": branches_visible_to(request.user).active(),
            "branch_id": form.text("branch"),
            "limit": add_months(today(), -SIX_MONTHS),
        },
    )


def contact_new(request, pk: int):
    member = get_member_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        record_contact(member=member, **form.cleaned_data)
        messages.success(request, _("Contact recorded."))
        return redirect("members:detail", member.pk)
    return render(
        request,
        "members/orglife_form.html",
        {"member": member, "form": form, "title": _("Record a contact")},
    )


def mobility_edit(request, pk: int):
    member = get_member_for_user(request.user, pk, write=True)
    form = MobilityForm(request.POST or None, instance=member)
    if request.method == "POST" and save_if_current(form):
        messages.success(request, _("Mobility updated."))
        return redirect("members:detail", member.pk)
    return render(
        request,
        "members/orglife_form.html",
        {"member": member, "form": form, "title": _("Mobility and contact")},
    )


def member_orglife(user, member) -> dict:
    """What the member page adds: contacts, appraisals, flags, campaigns, development."""
    annotated = members_with_activity(Member.objects.filter(pk=member.pk)).get()
    return {
        "contacts": member.contacts.select_related("late_confirmed_by")[:10],
        "appraisals": member.appraisals.select_related("follow_up"),
        "can_confirm_late": can_confirm_late_entries(user, member.branch),
        "flags": mobility_flags(annotated),
        "campaign_entries": member.campaigns.select_related("campaign"),
        "can_manage": can_manage_member(user, member),
    }


# --- 发展党员 -----------------------------------------------------------------------


@role_required
def pipeline(request):
    """Who is due for the next step of member development, soonest first."""
    form = PipelineFilterForm(request.GET, user=request.user)
    form.warn(request)
    rows = form.filter_qs(applicants_visible_to(request.user).select_related("branch"))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/pipeline.html",
        {
            "page": page,
            "stage": form.text("stage"),
            "stages": STAGES[:-1],
            "branches": branches_visible_to(request.user).active(),
            "branch_id": form.text("branch"),
            "township_id": form.text("township"),
            "can_add": branches_managed_by(request.user).exists(),
            "today": today(),
        },
    )


@role_required
def applicant_new(request):
    branches = branches_managed_by(request.user).active()
    if not branches.exists():
        raise PermissionDenied
    form = ApplicantForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        applicant = form.save()
        messages.success(request, _("Application recorded."))
        return redirect("members:applicant", applicant.pk)
    return render(request, "members/orglife_form.html", {"form": form, "title": _("New applicant")})


def applicant_detail(request, pk: int):
    applicant = get_applicant_for_user(request.user, pk)
    can_edit = can_manage_applicant(request.user, applicant)
    nxt = applicant.next_step()
    form = StepForm(
        request.POST or None,
        applicant=applicant,
        initial={"step": nxt[0] if nxt else "", "on": today()},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                advance_applicant(
                    applicant=applicant,
                    step=data["step"],
                    on=data["on"],
                    people=(data["person_1"], data["person_2"]),
                    extend_to=data["extend_to"],
                )
            except MemberError as e:
                form.add_error(None, str(e))
                applicant = get_applicant_for_user(request.user, pk)  # drop unsaved changes
            else:
                messages.success(request, _("Step recorded."))
                return redirect("members:applicant", applicant.pk)
    return render(
        request,
        "members/applicant.html",
        {
            "applicant": applicant,
            "next": nxt,
            "next_label": Applicant.Step(nxt[0]).label if nxt else "",
            "form": form,
            "can_edit": can_edit and nxt is not None,
            "development": development_context(request.user, applicant),
        },
    )


# --- 后备干部、大学生村官 ----------------------------------------------------------------


@role_required
def reserve_list(request):
    branches = branches_visible_to(request.user)
    form = BranchFilterForm(request.GET, user=request.user)
    form.warn(request)
    cadres = form.filter_qs(ReserveCadre.objects.filter(branch__in=branches, until__isnull=True))
    on_committee = CommitteePosition.objects.filter(member=OuterRef("pk"), left_on__isnull=True)
    officials = form.filter_qs(
        Member.objects.current()
        .filter(branch__in=branches, is_village_official=True)
        .annotate(on_committee=Exists(on_committee)),
    )
    return render(
        request,
        "members/reserve.html",
        {
            "cadres": cadres.select_related("branch", "member"),
            "officials": officials.select_related("branch"),
            "branches": branches.active(),
            "branch_id": form.text("branch"),
        },
    )


# --- 双争、双学双比 ----------------------------------------------------------------------


@role_required
def campaign_list(request):
    return render(
        request,
        "members/campaigns.html",
        {"campaigns": campaigns_visible_to(request.user).select_related("township")},
    )


def campaign_detail(request, pk: int):
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk)
    visible = branches_visible_to(request.user)
    branches = campaign.branches.filter(branch__in=visible).select_related("branch")
    members = campaign.members.filter(member__branch__in=visible).select_related(
        "member", "member__branch"
    )
    return render(
        request,
        "members/campaign.html",
        {
            "campaign": campaign,
            "branches": branches,
            "members": members,
            "excellent": CampaignResult.EXCELLENT,
        },
    )
