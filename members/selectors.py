from django.db.models import Q, QuerySet

from .models import Member


def member_list(
    members: QuerySet[Member], *, q: str = "", status: str = "current"
) -> QuerySet[Member]:
    """The member list's rows: search by name (or ID number / phone for those who may),
    filtered by status, with the branch loaded."""
    if status == "current":
        members = members.current()
    elif status == "probationary":
        members = members.current().probationary()
    elif status == "mobile":
        members = members.current().filter(is_mobile=True)
    elif status == "lost":
        members = members.current().filter(is_lost_contact=True)
    elif status == "left":
        members = members.filter(left_on__isnull=False)
    q = q.strip()
    if q:
        members = members.filter(Q(name__contains=q) | Q(id_number=q.upper()) | Q(phone=q))
    return members.select_related("branch")
