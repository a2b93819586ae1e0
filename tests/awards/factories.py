import datetime

import factory

from awards.models import Category, Nomination, Quota, Round
from awards.services import ensure_default_categories

D = datetime.date


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    year = 2017
    meeting_on = D(2017, 7, 1)
    nominations_open_on = D(2016, 12, 1)
    nominations_close_on = D(2017, 5, 31)


def categories(township) -> dict[str, Category]:
    return {c.name: c for c in ensure_default_categories(township=township)}


def open_round(township, **kwargs) -> Round:
    """A 2017 round taking nominations on the demo's today (2016-12-20), quotas 2 each."""
    round = RoundFactory(township=township, **kwargs)
    for c in categories(township).values():
        Quota.objects.create(round=round, category=c, number=2)
    return round


def nomination(round, category, *, member=None, branch=None, **kwargs) -> Nomination:
    target = member.branch if member else branch
    return Nomination.objects.create(
        round=round,
        category=category,
        member=member,
        branch=None if member else branch,
        nominating_branch=target,
        nominated_on=kwargs.pop("nominated_on", D(2016, 12, 15)),
        deeds="事迹",
        **kwargs,
    )


NOTICE_START = D(2017, 6, 12)


def round_at_notice(world, *, starts_on=NOTICE_START) -> Round:
    """A 2017 round whose nominations passed assessment and went on notice."""
    round = open_round(world.township)
    c = categories(world.township)
    for who in (world.member_a, world.member_b):
        nomination(
            round,
            c["优秀共产党员"],
            member=who,
            stage=Nomination.Stage.NOTICE,
            on_notice=True,
            assessed_on=D(2017, 6, 5),
            assessment_passed=True,
        )
    nomination(
        round,
        c["先进基层党组织"],
        branch=world.branch_a,
        stage=Nomination.Stage.NOTICE,
        on_notice=True,
        assessed_on=D(2017, 6, 5),
        assessment_passed=True,
    )
    round.notice_starts_on = starts_on
    round.notice_working_days = 5
    round.save()
    return round


def decided_round(world) -> Round:
    round = round_at_notice(world)
    round.nominations.update(stage=Nomination.Stage.COMMENDED)
    round.decided_on = D(2017, 6, 26)
    round.document_number = "青委发〔2017〕9号"
    round.save()
    return round
