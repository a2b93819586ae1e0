"""Accounts locked by django-axes after repeated failed logins: organisation staff see and
clear those of their own township's accounts (the lockout page tells users to ask them)."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .permissions import can_use_admin, users_managed_by


def _attempts_for(user):
    """Failed-login records of the accounts this user manages, newest first."""
    usernames = users_managed_by(user).values("username")
    return AccessAttempt.objects.filter(username__in=usernames).order_by("-attempt_time")


def lockouts(request):
    if not can_use_admin(request.user):
        raise PermissionDenied
    cooloff = settings.AXES_COOLOFF_TIME
    now = timezone.now()
    rows = []
    for attempt in _attempts_for(request.user):
        until = attempt.attempt_time + cooloff
        rows.append(
            {
                "username": attempt.username,
                "failures": attempt.failures_since_start,
                "last": attempt.attempt_time,
                "locked": attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
                and until > now,
                "until": until,
            }
        )
    return render(request, "township/lockouts.html", {"rows": rows})


@require_POST
def clear_lockout(request):
    if not can_use_admin(request.user):
        raise PermissionDenied
    username = request.POST.get("username", "")
    if not users_managed_by(request.user).filter(username=username).exists():
        raise Http404
    reset(username=username)
    messages.success(request, _("Unlocked %(username)s.") % {"username": username})
    return redirect("lockouts")
