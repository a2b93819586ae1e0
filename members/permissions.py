from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from branches.permissions import branches_managed_by, branches_visible_to, can_manage_branch
from township.permissions import is_staff_of

from .models import Applicant, Campaign, Member


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
    return Campaign.objects.filter(
        Q(township_id__in=branches_visible_to(user).values("township_id"))
    ).distinct()


# --- Member upkeep in the front office (views/upkeep.py) -----------------------------------


def branches_for_new_members(user) -> QuerySet:
    """Where the user may add a member: staff any active branch of their township, a
    secretary their own branch (the branch meeting admits its members)."""
    return branches_managed_by(user).active()


def can_edit_member(user, member: Member) -> bool:
    """The member's form: staff and the secretary of the member's branch, while current."""
    return member.is_current and can_manage_member(user, member)


def can_move_member(user, member: Member) -> bool:
    """Moving between branches is the township's decision: staff only."""
    return member.is_current and is_staff_of(user, member.branch.township_id)


def can_record_leaving(user, member: Member) -> bool:
    """Death, 退党, 劝退, 除名, 开除党籍, 自行脱党 are recorded by the township's staff."""
    return can_move_member(user, member)


def can_decide_probation(user, member: Member) -> bool:
    """The branch meeting decides on its probationary members (转正, 延长, 取消), so its
    secretary records it; staff too."""
    return member.is_current and member.is_probationary and can_manage_member(user, member)


def can_follow_up(user, member: Member) -> bool:
    """不合格 follow-up (限期改正 and its outcome): staff and the member's branch secretary,
    while the member is on the roster; leadership reads only."""
    return member.is_current and can_manage_member(user, member)
