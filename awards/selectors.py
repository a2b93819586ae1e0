"""Reads shared by the round pages, the documents and the honours sections."""

from django.db.models import Count, Q, QuerySet

from members.models import CampaignBranch, CampaignMember

from .models import Category, Nomination, Round
from .strokes import stroke_key


def rounds_with_counts(rounds: QuerySet[Round]) -> QuerySet[Round]:
    return rounds.select_related("township").annotate(
        nomination_count=Count("nominations", distinct=True),
        commended_count=Count(
            "nominations", filter=Q(nominations__stage=Nomination.Stage.COMMENDED), distinct=True
        ),
    )


def nominations_for_page(nominations: QuerySet[Nomination]) -> QuerySet[Nomination]:
    return (
        nominations.select_related(
            "category", "member", "member__branch", "branch", "nominating_branch", "nominated_by"
        )
        .annotate(
            open_objections=Count(
                "objections", filter=Q(objections__resolved_on__isnull=True), distinct=True
            ),
            objection_count=Count("objections", distinct=True),
        )
        .order_by("category__position", "category_id", "id")
    )


def by_category_in_stroke_order(nominations) -> list[tuple[Category, list[Nomination]]]:
    """[(category, nominations ordered by surname strokes)], categories in their order."""
    groups: dict[int, tuple[Category, list[Nomination]]] = {}
    for n in nominations:
        groups.setdefault(n.category_id, (n.category, []))[1].append(n)
    ordered = sorted(groups.values(), key=lambda g: (g[0].position, g[0].pk))
    return [(c, sorted(items, key=lambda n: stroke_key(n.nominee_name))) for c, items in ordered]


def shortlist(round: Round) -> list[tuple[Category, list[Nomination]]]:
    """The nominees who went on public notice (公示), as the notice lists them."""
    qs = round.nominations.filter(on_notice=True).select_related(
        "category", "member", "member__branch", "branch"
    )
    return by_category_in_stroke_order(qs)


def commended(round: Round) -> list[tuple[Category, list[Nomination]]]:
    qs = round.nominations.filter(stage=Nomination.Stage.COMMENDED).select_related(
        "category", "member", "member__branch", "branch"
    )
    return by_category_in_stroke_order(qs)


def honours_of_member(member) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(member=member, stage=Nomination.Stage.COMMENDED)
        .select_related("round", "category")
        .order_by("-round__year", "category__position")
    )


def honours_of_branch(branch) -> QuerySet[Nomination]:
    """The branch's own honours and those of its members, newest year first."""
    return (
        Nomination.objects.filter(
            Q(branch=branch) | Q(member__branch=branch), stage=Nomination.Stage.COMMENDED
        )
        .select_related("round", "category", "member")
        .order_by("-round__year", "category__position", "id")
    )


def commendations_of_year(township, year: int) -> dict | None:
    """The year's July 1 round for the dashboard and the annual report: its stage counts and
    those commended, by category in surname-stroke order. Three queries, or one if no round."""
    round_ = Round.objects.filter(township=township, year=year).first()
    if round_ is None:
        return None
    counts = round_.nominations.aggregate(
        total=Count("pk"),
        commended=Count("pk", filter=Q(stage=Nomination.Stage.COMMENDED)),
    )
    from township.dates import today

    return {
        "round": round_,
        "stage": round_.stage_label(today()),
        **counts,
        "by_category": commended(round_),
    }


def campaign_results(nomination) -> list:
    """The nominee's results in the 双争 and 双学双比 campaigns of the round's year and the
    year before (issue 4's campaigns), as evidence beside the deeds. One query."""
    years = [nomination.round.year - 1, nomination.round.year]
    if nomination.member_id:
        rows = CampaignMember.objects.filter(member_id=nomination.member_id)
    else:
        rows = CampaignBranch.objects.filter(branch_id=nomination.branch_id)
    return list(
        rows.filter(campaign__year__in=years)
        .select_related("campaign")
        .order_by("-campaign__year", "campaign__kind")
    )
