from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from branches.permissions import branches_visible_to, can_manage_branch

from .models import Member


def members_visible_to(user) -> QuerySet[Member]:
    return Member.objects.filter(branch__in=branches_visible_to(user))


def can_manage_member(user, member: Member) -> bool:
    """Staff of the township and the secretary of the member's branch manage the member,
    and so see the personal data whole."""
    return can_manage_branch(user, member.branch)


def can_see_personal_data(user, member: Member) -> bool:
    return can_manage_member(user, member)


def get_member_for_user(user, pk: int, *, write: bool = False) -> Member:
    member = get_object_or_404(
        members_visible_to(user).select_related("branch", "branch__township"), pk=pk
    )
    if write and not can_manage_member(user, member):
        raise PermissionDenied
    return member
