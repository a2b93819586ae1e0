from django.contrib.auth import views as auth_views
from django.shortcuts import render

from branches.permissions import branches_visible_to
from branches.selectors import branches_with_figures, rule_warnings
from plans.selectors import open_tasks_for_secretary

from .dates import today
from .permissions import scope_of, townships_visible_to


def home(request):
    """What this user should look at next, by role."""
    scope = scope_of(request.user)
    my_branches = list(
        branches_with_figures(
            branches_visible_to(request.user).filter(pk__in=scope.secretary_branches)
        )
    )
    for branch in my_branches:
        branch.warnings = rule_warnings(branch)
    return render(
        request,
        "township/home.html",
        {
            "today": today(),
            "townships": townships_visible_to(request.user),
            "my_branches": my_branches,
            "my_tasks": open_tasks_for_secretary(request.user),
            "has_role": scope.has_role,
        },
    )


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True
