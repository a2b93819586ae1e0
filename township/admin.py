from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_mixins import ScopedAdmin
from .models import HolidayDay, HolidayYear, Role, Township, User
from .permissions import can_use_admin, townships_managed_by, users_managed_by


@admin.register(Township)
class TownshipAdmin(ScopedAdmin):
    township_path = "pk"
    list_display = ["name", "county", "committee_name", "households", "population"]
    search_fields = ["name", "county"]
    fieldsets = [
        (None, {"fields": ["name", "county", "committee_name"]}),
        (
            _("Profile"),
            {"fields": ["distance_to_county_km", "area_km2", "households", "population"]},
        ),
        (_("Committee"), {"fields": ["secretary_name", "address", "phone", "notes"]}),
    ]

    def get_queryset(self, request):
        qs = super(ScopedAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=townships_managed_by(request.user))

    def has_add_permission(self, request):
        # A new township is a new deployment-level decision, not a staff task.
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    fields = ["kind", "township", "branch"]

    def get_fields(self, request, obj=None):
        # Only a superuser appoints the county department (it reads several townships).
        return [*self.fields, "county"] if request.user.is_superuser else self.fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "kind" and not request.user.is_superuser:
            field.choices = [c for c in field.choices if c[0] != Role.Kind.COUNTY]
        return field

    def get_formset(self, request, obj=None, **kwargs):
        # Staff create and keep accounts of their own township only: an account they save
        # must keep at least one role there (a role-less account is a superuser's alone).
        if not request.user.is_superuser:
            kwargs.setdefault("min_num", 1)
            kwargs.setdefault("validate_min", True)
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("township", "branch")
        if request.user.is_superuser:
            return qs
        return qs.filter(township__in=townships_managed_by(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if not request.user.is_superuser:
            townships = townships_managed_by(request.user)
            if db_field.name == "township":
                field.queryset = field.queryset.filter(pk__in=townships)
            elif db_field.name == "branch":
                field.queryset = field.queryset.filter(township__in=townships)
        return field

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff manage the accounts of their township; only a superuser grants superuser."""

    inlines = [RoleInline]
    list_display = ["username", "full_name", "is_active", "last_login"]
    list_filter = ["is_active", "roles__kind"]
    search_fields = ["username", "full_name"]
    staff_fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "email"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    add_fieldsets = [
        (None, {"fields": ["username", "full_name", "password1", "password2"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if request.user.is_superuser:
            return [
                *self.staff_fieldsets,
                (_("Superuser"), {"fields": ["is_superuser", "is_staff"]}),
            ]
        return self.staff_fieldsets

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # Users whose every role lies in the staff member's townships. Not an account with
        # no role (it belongs to no township: anyone could take it over) and not one that
        # also serves elsewhere (another township, the county).
        return qs.filter(pk__in=users_managed_by(request.user).values("pk"))

    def has_module_permission(self, request):
        return can_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, not deleted, so the history keeps who did what.
        return request.user.is_superuser

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        from django.http import Http404

        raise Http404


# --- The holiday calendar: national data, the same for every township ------------------


class _StaffEdits:
    """Any back-office user keeps the holiday calendar: it belongs to no township."""

    def has_module_permission(self, request):
        return can_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_use_admin(request.user)


class HolidayDayInline(_StaffEdits, admin.TabularInline):
    model = HolidayDay
    extra = 3
    fields = ["date", "kind", "name"]


@admin.register(HolidayYear)
class HolidayYearAdmin(_StaffEdits, SimpleHistoryAdmin):
    list_display = ["year", "source"]
    inlines = [HolidayDayInline]
