"""Issue 14 item 2 for the awards forms the demo cannot sweep (tests/security/test_stale_forms.py
needs a demo row in the right stage): starting the notice, the decision and resolving an
objection carry the version they were read at. Two staff open the same form; A saves; B's save
of the stale copy is refused with B's input kept and nothing written."""

import datetime
import re

from django.urls import reverse

from awards.models import Nomination, Objection, Round

from .factories import open_round, round_at_notice

D = datetime.date
STALE = "他人已保存过修改"


def _seen(client, url) -> str:
    found = re.search(r'name="seen_version" value="(\d*)"', client.get(url).content.decode())
    assert found, "the form carries no seen_version"
    return found.group(1)


def _history_count():
    return Round.history.count() + Nomination.history.count() + Objection.history.count()


def _refused(response, *kept):
    page = response.content.decode()
    assert response.status_code in (200, 409)
    assert STALE in page
    for text in kept:
        assert text in page  # the user's input kept


def test_starting_the_notice_from_a_stale_page_is_refused(world, as_user, settings):
    settings.TOWNSHIP_TODAY = D(2017, 6, 30)
    round = open_round(world.township)
    client = as_user(world.staff)
    url = reverse("awards:start-notice", kwargs={"pk": round.pk})
    seen = _seen(client, url)
    # Someone else changes the round meanwhile (e.g. its dates in the round form).
    round.notes = "会议日期待定"
    round.save()
    before = _history_count()
    response = client.post(url, {"starts_on": "2017-06-13", "seen_version": seen})
    _refused(response, "2017-06-13")
    assert _history_count() == before
    round.refresh_from_db()
    assert not round.notice_started


def test_a_stale_decision_is_refused(world, as_user, settings):
    settings.TOWNSHIP_TODAY = D(2017, 6, 30)
    round = round_at_notice(world)
    chosen = list(round.nominations.filter(stage=Nomination.Stage.NOTICE))
    client = as_user(world.staff)
    url = reverse("awards:decide", kwargs={"pk": round.pk})
    a = {
        "chosen": [n.pk for n in chosen],
        "decided_on": "2017-06-26",
        "document_number": "青委发〔2017〕9号",
        "seen_version": _seen(client, url),
    }
    b = {**a, "chosen": [chosen[0].pk], "document_number": "青委发〔2017〕10号"}
    assert client.post(url, a).status_code == 302
    before = _history_count()
    _refused(client.post(url, b), "青委发〔2017〕10号")
    assert _history_count() == before
    round.refresh_from_db()
    assert round.document_number == "青委发〔2017〕9号"
    assert all(
        n.stage == Nomination.Stage.COMMENDED
        for n in Nomination.objects.filter(pk__in=[n.pk for n in chosen])
    )


def test_a_decision_from_before_an_objection_changed_the_shortlist_is_refused(
    world, as_user, settings
):
    """The decision's version covers the nominations too: one withdrawn after the page was
    read cannot be commended from it."""
    settings.TOWNSHIP_TODAY = D(2017, 6, 30)
    round = round_at_notice(world)
    chosen = list(round.nominations.filter(stage=Nomination.Stage.NOTICE))
    client = as_user(world.staff)
    url = reverse("awards:decide", kwargs={"pk": round.pk})
    seen = _seen(client, url)
    withdrawn = chosen[0]
    withdrawn.stage = Nomination.Stage.REJECTED
    withdrawn.save()
    response = client.post(
        url,
        {
            "chosen": [n.pk for n in chosen[1:]],
            "decided_on": "2017-06-26",
            "document_number": "青委发〔2017〕9号",
            "seen_version": seen,
        },
    )
    _refused(response, "青委发〔2017〕9号")
    round.refresh_from_db()
    assert not round.is_decided


def test_resolving_an_objection_from_a_stale_page_is_refused(world, as_user, settings):
    round = round_at_notice(world)
    settings.TOWNSHIP_TODAY = round.notice_starts_on
    n = round.nominations.filter(stage=Nomination.Stage.NOTICE).first()
    objection = Objection.objects.create(
        nomination=n, received_on=round.notice_starts_on, content="群众反映"
    )
    client = as_user(world.staff)
    url = reverse("awards:objection-resolve", kwargs={"pk": objection.pk})
    seen = _seen(client, url)
    a = {
        "outcome": Objection.Outcome.DISMISSED,
        "resolution": "经核实不属实",
        "resolved_on": str(round.notice_starts_on),
        "seen_version": seen,
    }
    b = {**a, "resolution": "乙的处理意见"}
    assert client.post(url, a).status_code == 302
    before = _history_count()
    _refused(client.post(url, b), "乙的处理意见")
    assert _history_count() == before
    objection.refresh_from_db()
    assert objection.resolution == "经核实不属实"
