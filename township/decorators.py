from functools import wraps

from django.core.exceptions import PermissionDenied

from .permissions import is_leadership_or_staff, scope_of


def role_required(view):
    """Lists and pages for anyone with a role; an account without one gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not scope_of(request.user).has_role:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def readers_only(view):
    """Township-wide pages (dashboard, township lists): staff and leadership."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_leadership_or_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
