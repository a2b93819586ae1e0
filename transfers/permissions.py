"""Who may see and issue transfer letters and activity certificates (DESIGN.md: outside a
user's scope 404, inside but read-only 403)."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from branches.permissions import branches_visible_to
from members.models import Member
from members.permissions import can_manage_member
from township.permissions import is_staff_of, scope_of

from .models import MobileCertificate, TransferIn, TransferOut


def letters_out_visible_to(user) -> QuerySet[TransferOut]:
    """Letters of members of the branches the user sees (a secretary: their own branch)."""
    return TransferOut.objects.filter(member__branch__in=branches_visible_to(user))


def letters_in_visible_to(user) -> QuerySet[TransferIn]:
    return TransferIn.objects.filter(branch__in=branches_visible_to(user))


def certificates_visible_to(user) -> QuerySet[MobileCertificate]:
    return MobileCertificate.objects.filter(member__branch__in=branches_visible_to(user))


def can_manage_transfers(user, township_id: int) -> bool:
    """Letters are issued and received by the township committee's office: staff only."""
    return is_staff_of(user, township_id)


def can_receive_members(user) -> bool:
    scope = scope_of(user)
    return scope.superuser or bool(scope.staff_townships)


def can_issue_certificate(user, member: Member) -> bool:
    """The certificate goes with the member's branch: staff and its secretary issue it."""
    return member.is_current and can_manage_member(user, member)


def get_letter_out_for_user(user, pk: int, *, write: bool = False) -> TransferOut:
    letter = get_object_or_404(
        letters_out_visible_to(user).select_related(
            "member", "member__branch", "member__branch__township", "township"
        ),
        pk=pk,
    )
    if write and not can_manage_transfers(user, letter.township_id):
        raise PermissionDenied
    return letter


def get_letter_in_for_user(user, pk: int, *, write: bool = False) -> TransferIn:
    letter = get_object_or_404(
        letters_in_visible_to(user).select_related("member", "branch", "township"), pk=pk
    )
    if write and not can_manage_transfers(user, letter.township_id):
        raise PermissionDenied
    return letter


def get_certificate_for_user(user, pk: int, *, write: bool = False) -> MobileCertificate:
    certificate = get_object_or_404(
        certificates_visible_to(user).select_related(
            "member", "member__branch", "member__branch__township"
        ),
        pk=pk,
    )
    if write and not can_manage_member(user, certificate.member):
        raise PermissionDenied
    return certificate
