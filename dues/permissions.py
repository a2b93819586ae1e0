"""Who sees and records Party dues.

A branch's secretary records their own branch's assessments, collections and remittances
and reads nothing of other branches (404); staff do everything in their township;
leadership read it all (403 on writes). The township's ledger and the 自行脱党 risk list
are the township's: staff keep the ledger, leadership read it; the risk list is for staff.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from branches.models import Branch
from branches.permissions import branches_visible_to, can_manage_branch
from township.permissions import scope_of

from .models import Payment, Remittance, TownshipEntry


def can_record_dues(user, branch: Branch) -> bool:
    """Staff of the branch's township and the branch's own secretary."""
    return can_manage_branch(user, branch)


def can_keep_township_ledger(user, township_id: int) -> bool:
    scope = scope_of(user)
    return scope.superuser or township_id in scope.staff_townships


def can_see_leaving_risk(user) -> bool:
    """The 自行脱党 risk list names members: organisation staff only."""
    scope = scope_of(user)
    return scope.superuser or bool(scope.staff_townships)


def get_branch_for_dues(user, pk: int, *, write: bool = False) -> Branch:
    """404 outside the user's scope; 403 when they may only read and want to write."""
    branch = get_object_or_404(branches_visible_to(user).select_related("township"), pk=pk)
    if write and not can_record_dues(user, branch):
        raise PermissionDenied
    return branch


REVERSIBLE = {"payment": Payment, "remittance": Remittance, "entry": TownshipEntry}


def get_record_for_user(user, kind: str, pk: int, *, write: bool = False):
    """A payment or remittance of a branch the user sees, or an entry of the township's
    ledger; `write` also needs the right to record it (else 403)."""
    model = REVERSIBLE.get(kind)
    if model is None:
        raise PermissionDenied
    if model is TownshipEntry:
        scope = scope_of(user)
        qs: QuerySet = model.objects.all()
        if not scope.superuser:
            qs = qs.filter(township_id__in=scope.reading_townships)
        record = get_object_or_404(qs.select_related("township"), pk=pk)
        if write and not can_keep_township_ledger(user, record.township_id):
            raise PermissionDenied
        return record
    record = get_object_or_404(
        model.objects.filter(branch__in=branches_visible_to(user)).select_related(
            "branch", "branch__township"
        ),
        pk=pk,
    )
    if write and not can_record_dues(user, record.branch):
        raise PermissionDenied
    return record
