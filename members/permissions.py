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


def applicants_visible_to(user):
    from .models import Applicant

    return Applicant.objects.filter(branch__in=branches_visible_to(user))


def get_applicant_for_user(user, pk: int):

    return get_object_or_404(
        applicants_visible_to(user).select_related(
            "branch", "member", "contact_1", "contact_2", "introducer_1", "introducer_2"
        ),
        pk=pk,
    )


def can_manage_applicant(user, applicant) -> bool:
    """Staff and the branch's secretary take the steps of member development."""
    return can_manage_branch(user, applicant.branch)


def campaigns_visible_to(user):
    """Campaigns of the townships the user reads, or of their branch's township."""
    from django.db.models import Q

    from .models import Campaign

    return Campaign.objects.filter(
        Q(township_id__in=branches_visible_to(user).values("township_id"))
    ).distinct()
