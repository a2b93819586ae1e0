"""Who sees and changes village finance.

Staff of the township write; leadership read everything of their township (403 on
writes); a village's secretary reads their own village only (404 for other villages);
the books are the township's to keep, so secretaries do not write them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from branches.models import Branch
from branches.permissions import branches_visible_to, can_edit_branch_record

from .models import VillageFinance


def finances_visible_to(user) -> QuerySet[VillageFinance]:
    return VillageFinance.objects.filter(branch__in=branches_visible_to(user))


def can_edit_finance(user, branch: Branch) -> bool:
    """Organisation staff of the village's township (a superuser too)."""
    return can_edit_branch_record(user, branch)


def get_finance_for_user(user, pk: int, *, write: bool = False) -> VillageFinance:
    """404 outside the user's scope; 403 when they may only read it and want to write."""
    finance = get_object_or_404(
        finances_visible_to(user).select_related("branch", "branch__township"), pk=pk
    )
    if write and not can_edit_finance(user, finance.branch):
        raise PermissionDenied
    return finance
