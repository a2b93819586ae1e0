from django.utils.functional import SimpleLazyObject

from .permissions import can_use_admin, is_leadership_or_staff, scope_of


def roles(request):
    """Navigation flags for the templates, computed only when a template reads them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": SimpleLazyObject(
            lambda: {
                "admin": can_use_admin(user),
                "reader": is_leadership_or_staff(user),
                "county": bool(scope_of(user).counties) or user.is_superuser,
                "secretary_branches": sorted(scope_of(user).secretary_branches),
            }
        )
    }
