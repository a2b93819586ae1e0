from django.utils.functional import SimpleLazyObject

from township.permissions import is_leadership_or_staff

from .permissions import finances_visible_to


def finance_nav(request):
    """Whether the menu offers 财务整治: to staff and leadership always; to a secretary only
    when their village is under a rectification (otherwise the page would only be empty)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_finance": SimpleLazyObject(
            lambda: is_leadership_or_staff(user) or finances_visible_to(user).exists()
        )
    }
