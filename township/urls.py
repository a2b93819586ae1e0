from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from . import accounts, lockouts

urlpatterns = [
    # The pages that read every app (home, dashboard, county, reports): overview/urls.py.
    path("", include("overview.urls")),
    path("accounts/login/", login_not_required(accounts.LoginView.as_view()), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/lockouts/", lockouts.lockouts, name="lockouts"),
    path("accounts/lockouts/clear/", lockouts.clear_lockout, name="lockout-clear"),
    path("branches/", include("branches.urls")),
    path("members/", include("members.urls")),
    path("plans/", include("plans.urls")),
    path("finance/", include("finance.urls")),
    path("awards/", include("awards.urls")),
    path("transfers/", include("transfers.urls")),
    path("dues/", include("dues.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
