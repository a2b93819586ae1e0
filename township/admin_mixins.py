"""What every back-office page shares: rows limited to the user's townships, and
permissions asked of township.permissions rather than Django's model permissions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .concurrency import VersionGuardForm
from .history_display import ChineseHistoryContextHelper
from .permissions import can_use_admin, townships_managed_by


class ScopedAdmin(SimpleHistoryAdmin):
    # Refuse a save when someone else saved the row since the form was opened.
    form = VersionGuardForm
    change_form_template = "admin/guarded_change_form.html"
    object_history_form_template = "admin/guarded_history_form.html"
    #: The lookup from this model to its Township, e.g. "branch__township".
    township_path = "township"
    #: Members, branches and money leave with a date and reason; they are never deleted.
    allow_delete = True

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.township_path}__in": townships_managed_by(request.user)})

    def get_historical_record_context_helper(self, request, historical_record):
        return ChineseHistoryContextHelper(self.model, historical_record)

    def has_module_permission(self, request):
        return can_use_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_add_permission(self, request):
        return can_use_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and can_use_admin(request.user)

    def get_list_filter(self, request):
        # A plain foreign-key filter ("branch", "measure") would list every row of the
        # deployment, other townships' included: offer only the related rows that the
        # user's own rows point to. Filters given as classes decide for themselves.
        return [_scoped_list_filter(self.model, f) for f in super().get_list_filter(request)]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Offer only rows of the user's own townships in every drop-down."""
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return scope_foreign_key(field, db_field, request, self.admin_site)

    def get_inline_instances(self, request, obj=None):
        # Inlines' drop-downs and raw-id fields (attendance, quotas, campaign rows...) are
        # limited the same way: a forged id of another township's row is not a valid choice.
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            inline.formfield_for_foreignkey = _scoped_formfield(inline, self.admin_site)
        return inlines

    def history_view(self, request, object_id, extra_context=None):
        # simple_history reads the history table unscoped: check the township first.
        self._check_history_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The revert form would show and save another township's record otherwise.
        self._check_history_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _check_history_scope(self, request, object_id):
        """404 unless the row (or, once deleted, its last recorded state) is the user's."""
        from django.contrib.admin.utils import unquote
        from django.http import Http404

        if request.user.is_superuser:
            return
        lookup = {self.model._meta.pk.attname: unquote(object_id)}
        try:
            if self.get_queryset(request).filter(**lookup).exists():
                return
            if self.model._default_manager.filter(**lookup).exists():
                raise Http404
        except (ValueError, TypeError):
            raise Http404 from None
        record = self.model.history.filter(**lookup).order_by("-history_date").first()
        if record is None:
            raise Http404
        value = record.instance
        try:
            for part in self.township_path.split("__"):
                value = getattr(value, part)
        except Exception:  # a related row is gone too: nobody's but a superuser's
            raise Http404 from None
        if not townships_managed_by(request.user).filter(pk=getattr(value, "pk", value)).exists():
            raise Http404

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another township's record is simply not there: 404, not a hint that it exists.
        from django.http import Http404

        raise Http404


class ScopedInline:
    """Mixin for the inlines of a ScopedAdmin. The parent page has already decided who may be
    there; Django's model permissions are not used in this back office, so without this an
    inline would be hidden from organisation staff (who hold none)."""

    #: Money records and their like are corrected, never deleted (set False).
    allow_delete = True

    def has_view_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return can_use_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and can_use_admin(request.user)


def scope_foreign_key(field, db_field, request, admin_site):
    """Limit a foreign-key form field to rows of the user's own townships: Township, and any
    model the back office registers with a ScopedAdmin (its township_path says how to reach
    the township; Branch's is "township", Member's "branch__township"). Asking the registry
    rather than naming the models keeps township/ free of imports of the domain apps."""
    from .models import Township

    if request.user.is_superuser or field is None or not hasattr(field, "queryset"):
        return field
    townships = townships_managed_by(request.user)
    model = db_field.related_model
    if model is Township:
        field.queryset = field.queryset.filter(pk__in=townships)
    else:
        related_admin = admin_site._registry.get(model)
        if isinstance(related_admin, ScopedAdmin):
            path = related_admin.township_path
            field.queryset = field.queryset.filter(**{f"{path}__in": townships})
    return field


def _scoped_list_filter(model, entry):
    """A relation named in list_filter becomes a RelatedOnlyFieldListFilter: its choices come
    from the changelist's own (township-scoped) queryset."""
    from django.contrib.admin.utils import NotRelationField, get_fields_from_path
    from django.core.exceptions import FieldDoesNotExist

    if not isinstance(entry, str):
        return entry
    try:
        fields = get_fields_from_path(model, entry)
    except (FieldDoesNotExist, NotRelationField):  # let Django's checks report it
        return entry
    if fields[-1].is_relation:
        return (entry, admin.RelatedOnlyFieldListFilter)
    return entry


def _scoped_formfield(inline, admin_site):
    original = inline.formfield_for_foreignkey

    def formfield_for_foreignkey(db_field, request, **kwargs):
        field = original(db_field, request, **kwargs)
        return scope_foreign_key(field, db_field, request, admin_site)

    return formfield_for_foreignkey


class DefaultChoiceFilter(admin.SimpleListFilter):
    """A list filter with a default choice (active branches, current members): `lookups`
    and `filters` (choice -> Q or None for all) are all a subclass gives."""

    default: str = ""
    filters: dict = {}

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        condition = self.filters.get(self.value())
        return queryset if condition is None else queryset.filter(condition)


class ScopedBranchFilter(admin.RelatedFieldListFilter):
    """The branch filter of a changelist, offering only the user's own townships' branches."""

    def field_choices(self, field, request, model_admin):
        if request.user.is_superuser:
            return super().field_choices(field, request, model_admin)
        return field.get_choices(
            include_blank=False,
            limit_choices_to={"township__in": townships_managed_by(request.user)},
        )
