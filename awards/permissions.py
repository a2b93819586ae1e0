"""Who sees and runs the commendation rounds.

Staff run their township's round; leadership reads everything of it; a branch secretary
nominates from their own branch and sees their own nominations, and, once the public
notice has started, the shortlist everyone may see (公示 is public by nature).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from branches.models import Branch
from township.permissions import can_read_township, is_staff_of, scope_of

from .models import Nomination, Round


def _secretary_townships(user) -> QuerySet:
    return Branch.objects.filter(pk__in=scope_of(user).secretary_branches).values("township_id")


def rounds_visible_to(user) -> QuerySet[Round]:
    scope = scope_of(user)
    if scope.superuser:
        return Round.objects.all()
    return Round.objects.filter(
        Q(township_id__in=scope.reading_townships) | Q(township_id__in=_secretary_townships(user))
    )


def can_read_whole_round(user, round: Round) -> bool:
    """Staff and leadership see every nomination, its files and the assessment."""
    return can_read_township(user, round.township_id)


def can_run_round(user, round: Round) -> bool:
    return is_staff_of(user, round.township_id)


def can_nominate(user, round: Round) -> bool:
    scope = scope_of(user)
    if can_run_round(user, round):
        return True
    return Branch.objects.filter(
        pk__in=scope.secretary_branches, township_id=round.township_id
    ).exists()


def get_round_for_user(user, pk: int, *, write: bool = False) -> Round:
    round = get_object_or_404(rounds_visible_to(user).select_related("township"), pk=pk)
    if write and not can_run_round(user, round):
        raise PermissionDenied
    return round


def nominations_visible_to(user, round: Round) -> QuerySet[Nomination]:
    qs = Nomination.objects.filter(round=round)
    if can_read_whole_round(user, round):
        return qs
    own = Q(nominating_branch_id__in=scope_of(user).secretary_branches)
    if round.notice_started:
        return qs.filter(own | Q(on_notice=True))
    return qs.filter(own)


def get_nomination_for_user(user, pk: int, *, write: bool = False) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("round", "round__township"), pk=pk
    )
    round = nomination.round
    if not nominations_visible_to(user, round).filter(pk=nomination.pk).exists() or not (
        rounds_visible_to(user).filter(pk=round.pk).exists()
    ):
        raise Http404
    if write and not can_run_round(user, round):
        raise PermissionDenied
    return nomination


def can_see_files(user, nomination: Nomination) -> bool:
    """Supporting files may carry personal data: readers and the nominating branch only."""
    return can_read_whole_round(user, nomination.round) or (
        nomination.nominating_branch_id in scope_of(user).secretary_branches
    )


def can_add_files(user, nomination: Nomination) -> bool:
    if nomination.stage != Nomination.Stage.NOMINATED:
        return False
    return can_run_round(user, nomination.round) or (
        nomination.nominating_branch_id in scope_of(user).secretary_branches
    )
