"""The demo seeder honours --proposals; personal data export and erasure."""

from io import StringIO

from django.core.management import call_command

from participation.privacy.registry import entries
from proposals import services
from proposals.models import Proposal, Support
from tests.factories import make_proposal


def test_seed_demo_honours_the_number_of_proposals(db):
    call_command("seed_demo", "--participants", "8", "--proposals", "120", stdout=StringIO())
    proposals = Proposal.objects.all()
    assert proposals.count() == 120
    assert proposals.filter(latitude__isnull=False).exists()
    assert proposals.values("author").distinct().count() > 1
    assert Support.objects.exists()
    first = proposals.filter(supports_count__gt=0).first()
    assert first.supports_count == first.supports.filter(counted=True, value=1).count()
    located = proposals.filter(latitude__isnull=False).first()
    assert 47.3 < float(located.latitude) < 47.5 and 0.6 < float(located.longitude) < 0.8


def test_personal_data_export_and_erasure(component, resident, neighbour):
    entry = next(e for e in entries() if e.key == "proposals")
    mine = make_proposal(component, resident, title="Ma proposition publiée")
    draft = make_proposal(component, resident, title="Mon brouillon", published_at=None)
    services.support_proposal(actor=resident, proposal=make_proposal(component, neighbour))
    data = entry.exporter(resident)
    assert {p["title"] for p in data["proposals"]} == {"Ma proposition publiée", "Mon brouillon"}
    assert len(data["supports"]) == 1
    assert entry.exporter(neighbour)["supports"] == []
    entry.eraser(resident)
    assert not Support.objects.exists()
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    assert Proposal.objects.filter(pk=mine.pk).exists()
    assert Proposal.objects.get(title="Des bancs au bord de la Loire").supports_count == 0
