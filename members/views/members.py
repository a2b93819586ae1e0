from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from branches.permissions import branches_managed_by, branches_visible_to
from township.decorators import role_required

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
from ..selectors import member_list
from .orglife import member_orglife

STATUS_LABELS = {
    "current": _("current members"),
    "probationary": _("probationary members"),
    "mobile": _("mobile members"),
    "lost": _("lost contact"),
    "left": _("members who left"),
    "all": _("all"),
}
STATUSES = list(STATUS_LABELS)


def filtered_members(request):
    """The member list's rows for the filter in the query string (the list page and its
    Excel export share it): (members, branch_id, status, q)."""
    visible = members_visible_to(request.user)
    branch_id = request.GET.get("branch", "")
    if branch_id.isdigit():
        visible = visible.filter(branch_id=int(branch_id))
    status = request.GET.get("status", "current")
    if status not in STATUSES:
        status = "current"
    q = request.GET.get("q", "")[:50]
    personal_in = branches_managed_by(request.user)
    rows = member_list(visible, q=q, status=status, personal_in=personal_in)
    return rows, branch_id, status, q


@role_required
def member_list_view(request):
    branches = branches_visible_to(request.user).active()
    members, branch_id, status, q = filtered_members(request)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    # One query for the branches whose members this user manages: their personal data
    # is shown whole, everyone else's masked.
    managed = set(branches_managed_by(request.user).values_list("pk", flat=True))
    # 转出中: members of this page with a transfer letter still open (one query).
    transferring = set(
        Member.objects.filter(
            pk__in=[m.pk for m in page], transfers_out__status="issued"
        ).values_list("pk", flat=True)
    )
    for member in page:
        member.show_personal = member.branch_id in managed
        member.transferring = member.pk in transferring
    return render(
        request,
        "members/list.html",
        {
            "page": page,
            "branches": branches,
            "branch_id": branch_id,
            "status": status,
            "q": q,
            "statuses": [(key, STATUS_LABELS[key]) for key in STATUSES],
            "can_add": branches_for_new_members(request.user).exists(),
        },
    )


def member_detail(request, pk: int):
    member = get_member_for_user(request.user, pk)
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "show_personal": can_see_personal_data(request.user, member),
            "positions": member.positions.select_related("branch"),
            **member_orglife(request.user, member),
            "upkeep": {
                "edit": can_edit_member(request.user, member),
                "move": can_move_member(request.user, member),
                "leave": can_record_leaving(request.user, member),
                "probation": can_decide_probation(request.user, member),
            },
        },
    )
