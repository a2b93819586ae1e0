from django.db.models import QuerySet

from township.dates import today

from .models import TransferOut


def letters_out(letters: QuerySet[TransferOut]) -> QuerySet[TransferOut]:
    """Letters as the list shows them: open ones first, the member and branch loaded."""
    return letters.select_related("member", "member__branch").order_by("status", "-year", "-number")


def overdue_letters(letters: QuerySet[TransferOut]) -> QuerySet[TransferOut]:
    """Letters whose receipt has not come back within their validity (flagged)."""
    return letters.filter(status=TransferOut.Status.ISSUED, valid_until__lt=today())
