"""Member upkeep in the front office: add, edit, move between branches, the decisions on
probation and a member leaving; the 已减少 list. Rules live in members/upkeep.py and the model."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from branches.permissions import branches_managed_by, branches_visible_to
from township.concurrency import rows_version, save_form_if_current
from township.dates import add_months, add_years
from township.decorators import role_required
from township.uploads import serve_private_file, stored_basename

from ..filters import ReducedFilterForm
from ..forms.upkeep import LeaveForm, MemberForm, MoveForm, ProbationForm
from ..models import Member
from ..permissions import (
    branches_for_new_members,
    can_decide_probation,
    can_edit_member,
    can_move_member,
    can_record_leaving,
    can_see_personal_data,
    get_member_for_user,
    members_visible_to,
)
from ..services import MemberError
from ..upkeep import (
    cancel_probation,
    convert_member,
    extend_probation,
    in_development_pipeline,
    move_member,
    record_leaving,
)


def _form_page(request, form, title, member=None, *, multipart=False, action=None):
    return render(
        request,
        "members/upkeep_form.html",
        {"form": form, "title": title, "member": member, "multipart": multipart, "action": action},
    )


@role_required
def member_new(request):
    branches = branches_for_new_members(request.user)
    if not branches.exists():
        raise PermissionDenied
    form = MemberForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            member = form.save()
        messages.success(request, _("Member added."))
        return redirect("members:detail", member.pk)
    return _form_page(request, form, _("Add a member"))


def member_edit(request, pk: int):
    member = get_member_for_user(request.user, pk)
    if not can_edit_member(request.user, member):
        raise PermissionDenied
    form = MemberForm(request.POST or None, instance=member, branches=None)
    if request.method == "POST":
        # The version check locks the row: run it and the save in one transaction.
        with transaction.atomic():
            if form.is_valid():
                form.save()
                messages.success(request, _("Member saved."))
                return redirect("members:detail", member.pk)
    return _form_page(request, form, _("Edit the member"), member)


def member_move(request, pk: int):
    member = get_member_for_user(request.user, pk)
    if not can_move_member(request.user, member):
        raise PermissionDenied
    branches = (
        branches_managed_by(request.user)
        .active()
        .filter(township_id=member.branch.township_id)
        .exclude(pk=member.branch_id)
    )
    form = MoveForm(request.POST or None, branches=branches)
    if request.method == "POST" and form.is_valid():
        try:
            move_member(member=member, to_branch=form.cleaned_data["to_branch"])
        except MemberError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Member moved."))
            return redirect("members:detail", member.pk)
    return _form_page(request, form, _("Move to another branch"), member)


def member_leave(request, pk: int):
    member = get_member_for_user(request.user, pk)
    if not can_record_leaving(request.user, member):
        raise PermissionDenied
    form = LeaveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_leaving(
                member=member,
                reason=data["reason"],
                on=data["on"],
                basis=data["basis"],
                document=data["document"],
                note=data["note"],
            )
        except MemberError as e:
            member.refresh_from_db()
            form.add_error(None, str(e))
        else:
            messages.success(request, _("The member has left the roster."))
            return redirect("members:detail", member.pk)
    return _form_page(request, form, _("Record the member leaving"), member, multipart=True)


def _probation_histories(member: Member):
    """The rows a probation decision reads and changes: the member, their development record
    and its steps, the 公示 of a roster-imported member."""
    from ..models import Applicant, ConversionNotice, DevelopmentStep

    return (
        Member.history.filter(id=member.pk),
        Applicant.history.filter(member_id=member.pk),
        DevelopmentStep.history.filter(applicant__member_id=member.pk),
        ConversionNotice.history.filter(member_id=member.pk),
    )


def member_probation(request, pk: int):
    member = get_member_for_user(request.user, pk)
    if not can_decide_probation(request.user, member):
        raise PermissionDenied
    histories = _probation_histories(member)
    form = ProbationForm(
        request.POST or None,
        request.FILES or None,
        version=rows_version(*histories),
        with_notice=in_development_pipeline(member) is None,
    )

    def decide():
        data = form.cleaned_data
        if data["decision"] == ProbationForm.CONVERT:
            convert_member(
                member=member,
                meeting_on=data["on"],
                notice_on=data.get("notice_on"),
                notice_ends_on=data.get("notice_ends_on"),
            )
        elif data["decision"] == ProbationForm.EXTEND:
            extend_probation(member=member, extend_to=data["extend_to"])
        else:
            cancel_probation(
                member=member, on=data["on"], basis=data["basis"], document=data["document"]
            )

    if request.method == "POST":
        try:
            saved = save_form_if_current(
                form, histories=histories, lock=Member.objects.filter(pk=member.pk), save=decide
            )
        except MemberError as e:
            member.refresh_from_db()
            form.add_error(None, str(e))
        else:
            if saved:
                messages.success(request, _("The decision on probation is recorded."))
                return redirect("members:detail", member.pk)
    return render(
        request,
        "members/upkeep_form.html",
        {
            "form": form,
            "title": _("Decide on probation"),
            "member": member,
            "multipart": True,
            "due": member.probation_due_on(),
            # 延长预备期: at least six months, at most a year beyond the first year's end.
            "extend_window": None
            if member.probation_extended_to
            else (
                add_months(add_years(member.joined_on, 1), 6),
                add_years(member.joined_on, 2),
            ),
        },
    )


def leave_document(request, pk: int):
    """The document on a member's leaving, for those who manage the member."""
    member = get_member_for_user(request.user, pk)
    if not can_see_personal_data(request.user, member):
        raise PermissionDenied
    return serve_private_file(member.leave_document, stored_basename(member.leave_document))


def reduced_members(request, form: ReducedFilterForm):
    """The 已减少 list's rows as the form filters them (branch, reason), in the user's scope,
    newest first. The Excel export reads the same."""
    members = form.filter_qs(members_visible_to(request.user).reduced())
    return members.select_related("branch").order_by("-left_on", "-id")


@role_required
def reduced_list(request):
    """已减少: members who left the roster, with when and why; nobody is deleted."""
    form = ReducedFilterForm(request.GET, user=request.user)
    form.warn(request)
    members = reduced_members(request, form)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/reduced.html",
        {
            "page": page,
            "branches": branches_visible_to(request.user),
            "branch_id": form.text("branch"),
            "reason": form.text("reason"),
            "reasons": Member.LeaveReason.choices,
        },
    )
