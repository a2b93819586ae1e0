"""Who may see and change what: the one place views, admin and templates ask.

Outside a user's scope an object answers 404; inside it but read-only, 403 (DESIGN.md).
Roles are rows of `Role`; a superuser is treated as staff of every township.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from .models import Role, Township


@dataclass(frozen=True)
class Scope:
    """The townships and branches a user reaches, read once per request."""

    superuser: bool = False
    staff_townships: frozenset[int] = field(default_factory=frozenset)
    leader_townships: frozenset[int] = field(default_factory=frozenset)
    secretary_branches: frozenset[int] = field(default_factory=frozenset)
    county_townships: frozenset[int] = field(default_factory=frozenset)
    counties: frozenset[str] = field(default_factory=frozenset)

    @property
    def reading_townships(self) -> frozenset[int]:
        return self.staff_townships | self.leader_townships | self.county_townships

    @property
    def has_role(self) -> bool:
        return self.superuser or bool(self.reading_townships or self.secretary_branches)


def scope_of(user) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    cached = getattr(user, "_township_scope", None)
    if cached is not None:
        return cached
    staff, leader, secretary, counties = set(), set(), set(), set()
    for kind, township_id, branch_id, county in Role.objects.filter(user=user).values_list(
        "kind", "township_id", "branch_id", "county"
    ):
        if kind == Role.Kind.STAFF:
            staff.add(township_id)
        elif kind == Role.Kind.LEADER:
            leader.add(township_id)
        elif kind == Role.Kind.SECRETARY:
            secretary.add(branch_id)
        elif kind == Role.Kind.COUNTY:
            counties.add(county)
    # The county department reads every township of its county, present and future.
    county_townships = (
        frozenset(Township.objects.filter(county__in=counties).values_list("pk", flat=True))
        if counties
        else frozenset()
    )
    scope = Scope(
        user.is_superuser,
        frozenset(staff),
        frozenset(leader),
        frozenset(secretary),
        county_townships,
        frozenset(counties),
    )
    user._township_scope = scope
    return scope


def townships_visible_to(user) -> QuerySet[Township]:
    scope = scope_of(user)
    if scope.superuser:
        return Township.objects.all()
    return Township.objects.filter(pk__in=scope.reading_townships)


def townships_managed_by(user) -> QuerySet[Township]:
    scope = scope_of(user)
    if scope.superuser:
        return Township.objects.all()
    return Township.objects.filter(pk__in=scope.staff_townships)


def is_staff_of(user, township_id: int) -> bool:
    scope = scope_of(user)
    return scope.superuser or township_id in scope.staff_townships


def can_read_township(user, township_id: int) -> bool:
    scope = scope_of(user)
    return scope.superuser or township_id in scope.reading_townships


def can_use_admin(user) -> bool:
    """The back office is for organisation staff only; secretaries use their branch pages."""
    scope = scope_of(user)
    return scope.superuser or bool(scope.staff_townships)


def is_leadership_or_staff(user) -> bool:
    scope = scope_of(user)
    return scope.superuser or bool(scope.reading_townships)


def counties_visible_to(user) -> list[str]:
    """The counties whose townships the user may compare: the county department's own, or
    every county for a superuser."""
    scope = scope_of(user)
    if scope.superuser:
        return list(Township.objects.order_by("county").values_list("county", flat=True).distinct())
    return sorted(scope.counties)


def users_managed_by(user) -> QuerySet:
    """The accounts a user may change: every one for a superuser; for staff, the accounts
    whose roles all lie in townships they manage. An account with no role yet belongs to no
    township, so only a superuser reaches it (anyone else could take it over)."""
    from .models import User

    scope = scope_of(user)
    if scope.superuser:
        return User.objects.all()
    managed = scope.staff_townships
    return (
        User.objects.filter(roles__township__in=managed, is_superuser=False)
        .exclude(roles__in=Role.objects.exclude(township__in=managed))
        .distinct()
    )
