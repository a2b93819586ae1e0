from django.core.paginator import Paginator
from django.shortcuts import render

from branches.permissions import branches_managed_by, branches_visible_to
from township.dates import FIRST_YEAR, LAST_YEAR
from township.decorators import role_required

from ..filters import STATUS_LABELS, MemberFilterForm
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
from ..selectors import age_band_choices
from .orglife import member_orglife


@role_required
def member_list_view(request):
    branches = branches_visible_to(request.user).active()
    form = MemberFilterForm(request.GET, user=request.user)
    members = form.filter_qs(members_visible_to(request.user))
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
            "branch_id": form.text("branch"),
            "status": form.cleaned_data["status"],
            "q": form.cleaned_data["q"],
            "statuses": list(STATUS_LABELS.items()),
            "filter": form,
            "as_of": form.cleaned_data["as_of"],
            "genders": Member.Gender.choices,
            "educations": Member.Education.choices,
            "age_bands": age_band_choices(),
            "age": form.text("age"),
            "first_year": FIRST_YEAR,
            "last_year": LAST_YEAR,
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
