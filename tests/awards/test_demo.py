from awards.models import Nomination, Objection, Round
from overview.demo import load_demo


def test_the_demo_has_a_completed_2016_round_and_an_open_2017_one(demo, settings):
    r16 = Round.objects.get(year=2016)
    assert r16.is_decided and r16.document_number == "青委发〔2016〕15号"
    assert r16.nominations.values("nominating_branch").distinct().count() >= 5
    assert r16.nominations.filter(stage=Nomination.Stage.REJECTED).count() == 1
    assert Objection.objects.filter(nomination__round=r16, resolved_on__isnull=False).count() == 1
    assert r16.decided_on > r16.notice_ends_on
    r17 = Round.objects.get(year=2017)
    assert r17.nominations_open(settings.TOWNSHIP_TODAY)
    assert r17.nominations.filter(stage=Nomination.Stage.NOMINATED).exists()
    histories = Nomination.history.count() + Round.history.count() + Objection.history.count()
    load_demo(password="demo-Pass-1")
    assert (
        Nomination.history.count() + Round.history.count() + Objection.history.count() == histories
    )
