"""不合格 follow-up in the front office (issue 16, item 8): the list of members rated 不合格
with their follow-up state, the 限期改正 order and its outcome. Staff and the member's branch
secretary record; leadership reads; another branch's secretary gets 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from township.concurrency import save_if_current
from township.decorators import role_required
from township.uploads import serve_private_file, stored_basename

from ..forms.unqualified import CorrectionOrderForm, OutcomeForm
from ..models import Appraisal, UnqualifiedFollowUp
from ..permissions import can_follow_up, can_see_personal_data, members_visible_to
from ..services import MemberError
from ..unqualified import follow_up_state, record_follow_up_outcome, unqualified_appraisals


def _appraisal_for_user(user, pk: int, *, write: bool = False) -> Appraisal:
    """A 不合格 rating of a member the user sees (else 404); `write` also needs the right to
    record the follow-up (else 403)."""
    appraisal = get_object_or_404(
        unqualified_appraisals(members_visible_to(user)).select_related("member__branch__township"),
        pk=pk,
    )
    if write and not can_follow_up(user, appraisal.member):
        raise PermissionDenied
    return appraisal


def _existing(appraisal: Appraisal) -> UnqualifiedFollowUp | None:
    try:
        return appraisal.follow_up
    except UnqualifiedFollowUp.DoesNotExist:
        return None


def _page(request, form, title, appraisal, *, confirm="", multipart=False):
    return render(
        request,
        "members/upkeep_form.html",
        {
            "form": form,
            "title": title,
            "member": appraisal.member,
            "multipart": multipart,
            "confirm": confirm,
            "follow_up": _existing(appraisal),
        },
    )


@role_required
def unqualified_list(request):
    """Members rated 不合格 and where their follow-up stands; an overdue deadline is flagged."""
    rows = list(unqualified_appraisals(members_visible_to(request.user)))
    for a in rows:
        a.state = follow_up_state(a)
        a.f = _existing(a)
    return render(request, "members/unqualified_list.html", {"rows": rows})


def follow_up_order(request, pk: int):
    """限期改正: order it, or correct the order while the correction is still running."""
    appraisal = _appraisal_for_user(request.user, pk, write=True)
    existing = _existing(appraisal)
    if existing is not None and existing.outcome != UnqualifiedFollowUp.Outcome.PENDING:
        messages.error(request, _("The follow-up has its outcome; the order can no longer change."))
        return redirect("members:detail", appraisal.member_id)
    form = CorrectionOrderForm(request.POST or None, instance=existing, appraisal=appraisal)
    if request.method == "POST" and save_if_current(form):
        messages.success(request, _("Correction within a deadline recorded."))
        return redirect("members:detail", appraisal.member_id)
    return _page(
        request,
        form,
        _("Correction within a deadline"),
        appraisal,
        confirm=_("Record the correction order for this member?"),
    )


def follow_up_outcome(request, pk: int):
    """The outcome: corrected, or 劝退 / 除名 (the member then leaves the roster)."""
    appraisal = _appraisal_for_user(request.user, pk, write=True)
    follow_up = _existing(appraisal)
    if follow_up is None:
        messages.error(request, _("Record the correction order first."))
        return redirect("members:follow-up", appraisal.pk)
    form = OutcomeForm(request.POST or None, request.FILES or None, instance=follow_up)
    if request.method == "POST":
        with transaction.atomic():
            if form.is_valid():
                data = form.cleaned_data
                try:
                    record_follow_up_outcome(
                        follow_up=follow_up,
                        outcome=data["outcome"],
                        assessed_on=data["assessed_on"],
                        branch_meeting_on=data["branch_meeting_on"],
                        approved_on=data["approved_on"],
                        document=data["document"],
                        note=data["note"],
                    )
                except MemberError as e:
                    transaction.set_rollback(True)
                    form.add_error(None, str(e))
                else:
                    messages.success(request, _("Outcome of the follow-up recorded."))
                    return redirect("members:detail", appraisal.member_id)
    return _page(
        request,
        form,
        _("Outcome of the follow-up"),
        appraisal,
        multipart=True,
        confirm=_(
            "Record this outcome? Persuading to leave or removal takes the member off the roster."
        ),
    )


def follow_up_document(request, pk: int):
    """The decision's document, for those who manage the member."""
    follow_up = get_object_or_404(
        UnqualifiedFollowUp.objects.select_related("appraisal__member__branch"),
        pk=pk,
        appraisal__member__in=members_visible_to(request.user),
    )
    if not can_see_personal_data(request.user, follow_up.appraisal.member):
        raise PermissionDenied
    return serve_private_file(follow_up.document, stored_basename(follow_up.document))
