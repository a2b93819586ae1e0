from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from township.permissions import scope_of

from .models import Branch


def branches_visible_to(user) -> QuerySet[Branch]:
    """Staff and leadership read every branch of their township; a secretary, their own."""
    scope = scope_of(user)
    if scope.superuser:
        return Branch.objects.all()
    return Branch.objects.filter(
        Q(township_id__in=scope.reading_townships) | Q(pk__in=scope.secretary_branches)
    )


def branches_managed_by(user) -> QuerySet[Branch]:
    """Branches whose rows the user may change: staff all of their township's, a secretary
    their own."""
    scope = scope_of(user)
    if scope.superuser:
        return Branch.objects.all()
    return Branch.objects.filter(
        Q(township_id__in=scope.staff_townships) | Q(pk__in=scope.secretary_branches)
    )


def can_manage_branch(user, branch: Branch) -> bool:
    scope = scope_of(user)
    return (
        scope.superuser
        or branch.township_id in scope.staff_townships
        or branch.pk in scope.secretary_branches
    )


def can_edit_branch_record(user, branch: Branch) -> bool:
    """The branch's own record (name, kind, committee, grades): organisation staff only."""
    scope = scope_of(user)
    return scope.superuser or branch.township_id in scope.staff_townships


def can_see_rule_checks(user, branch: Branch) -> bool:
    return can_edit_branch_record(user, branch)


def can_confirm_late_entries(user, branch: Branch) -> bool:
    """Late entries (补录) are checked and confirmed by the township's organisation staff,
    not by the secretary who entered them."""
    return can_edit_branch_record(user, branch)


def get_branch_for_user(user, pk: int) -> Branch:
    return get_object_or_404(branches_visible_to(user).select_related("township"), pk=pk)


def can_record_meetings(user, branch: Branch) -> bool:
    """Staff of the township and the branch's own secretary plan and record its meetings."""
    return can_manage_branch(user, branch)


def get_meeting_for_user(user, pk: int, *, write: bool = False):
    """A meeting of a branch the user sees (else 404); `write` also needs the right to record
    (else 403)."""
    from django.core.exceptions import PermissionDenied

    from .models import Meeting

    meeting = get_object_or_404(
        Meeting.objects.filter(branch__in=branches_visible_to(user)).select_related(
            "branch", "branch__township", "host", "recorder", "party_group"
        ),
        pk=pk,
    )
    if write and not can_record_meetings(user, meeting.branch):
        raise PermissionDenied
    return meeting


def can_read_screening(user) -> bool:
    """The screening of weak and lax branches is township-wide: staff and leadership."""
    from township.permissions import is_leadership_or_staff

    return is_leadership_or_staff(user)


def can_decide_screening(user, branch: Branch) -> bool:
    """Designating a branch weak and lax is the organisation office's (staff) decision."""
    return can_edit_branch_record(user, branch)
