"""Services: each rule, each refusal with its code and nothing changed, tenancy."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participation.errors import ServiceError
from participation.models import ActionLog
from proposals import services
from proposals.errors import ProposalError
from proposals.models import Proposal, ProposalState, Support, SupportValue
from tests.factories import ProcessFactory, configure_proposals, located, make_proposal, make_user


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = png_bytes()


def refused(code, call, **kwargs):
    with pytest.raises(ServiceError) as caught:
        call(**kwargs)
    assert caught.value.error_code == code, caught.value.messages
    return caught.value


def set_settings(admin, component, **values):
    return configure_proposals(admin, component, settings={**component.settings, **values})


# --- Creation -------------------------------------------------------------------------


def test_wizard_services_create_publish_and_version(component, resident):
    draft = services.create_draft(
        actor=resident,
        component=component,
        title="  Un   jardin partagé rue des Lilas ",
        body="<p>Des légumes<script>x()</script></p>",
    )
    assert draft.published_at is None and draft.title == "Un jardin partagé rue des Lilas"
    assert "<script>" not in draft.body
    services.update_draft(
        actor=resident, proposal=draft, data={"address": "Rue des Lilas", **located()}
    )
    upload = SimpleUploadedFile(
        "C:\\fakepath\\<img src=x onerror=alert(1)>.png", PNG, content_type="image/png"
    )
    attachment = services.add_attachment(actor=resident, proposal=draft, upload=upload)
    assert (
        attachment.kind == "image"
        and attachment.original_name == "<img src=x onerror=alert(1)>.png"
    )
    assert "onerror" not in attachment.file.name  # random stored name
    proposal = services.publish_proposal(actor=resident, proposal=draft)
    assert proposal.published_at and proposal.versions.count() == 1
    assert ActionLog.objects.filter(action="publish_proposal").count() == 1


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [
        ("Court", "<p>ok</p>", "title"),
        ("x" * 151, "<p>ok</p>", "title"),
        ("Un titre assez long", "<p> </p>", "body"),
        ("Un titre assez long", "<p>" + "a" * 2001 + "</p>", "body"),
    ],
)
def test_text_limits(component, resident, title, body, field):
    error = refused(
        ProposalError.INVALID,
        services.create_draft,
        actor=resident,
        component=component,
        title=title,
        body=body,
    )
    assert field in error.message_dict
    assert not Proposal.objects.exists()


def test_title_limits_follow_settings(admin, component, resident):
    set_settings(admin, component, title_min_length=3, title_max_length=20)
    services.create_draft(actor=resident, component=component, title="Arbres", body="<p>x</p>")
    refused(
        ProposalError.INVALID,
        services.create_draft,
        actor=resident,
        component=component,
        title="x" * 21,
        body="<p>x</p>",
    )


def test_creation_closed_by_step(admin, component, resident):
    configure_proposals(admin, component, creation_enabled=False)
    refused(
        ProposalError.CREATION_CLOSED,
        services.create_draft,
        actor=resident,
        component=component,
        title="Un titre assez long",
        body="<p>x</p>",
    )
    assert not Proposal.objects.exists()


def test_other_organisation_cannot_create(component, other_organization):
    stranger = make_user(other_organization)
    refused(
        ProposalError.PERMISSION_DENIED,
        services.create_draft,
        actor=stranger,
        component=component,
        title="Un titre assez long",
        body="<p>x</p>",
    )


def test_category_of_another_space_is_refused(component, resident, organization, now):
    from participation.models import Category

    other = ProcessFactory(organization=organization, slug="autre", title="Autre", published_at=now)
    foreign = Category.objects.create(
        organization=organization,
        space=other,
        name="Ailleurs",
    )
    draft = services.create_draft(
        actor=resident, component=component, title="Un titre assez long", body="<p>x</p>"
    )
    error = refused(
        ProposalError.INVALID,
        services.update_draft,
        actor=resident,
        proposal=draft,
        data={"category": foreign},
    )
    assert "category" in error.message_dict
    draft.refresh_from_db()
    assert draft.category is None


def test_bad_attachment_is_refused(component, resident):
    draft = services.create_draft(
        actor=resident, component=component, title="Un titre assez long", body="<p>x</p>"
    )
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" + b"\x00" * 100)
    refused(
        ProposalError.INVALID,
        services.add_attachment,
        actor=resident,
        proposal=draft,
        upload=upload,
    )
    assert not draft.attachments.exists()


def test_someone_else_cannot_touch_a_draft(component, resident, neighbour):
    draft = services.create_draft(
        actor=resident, component=component, title="Un titre assez long", body="<p>x</p>"
    )
    refused(ProposalError.NOT_AUTHOR, services.publish_proposal, actor=neighbour, proposal=draft)
    draft.refresh_from_db()
    assert draft.published_at is None


# --- Edit and withdraw -----------------------------------------------------------------


def test_edit_within_time_limit_stores_a_version(component, resident):
    proposal = make_proposal(component, resident)
    services.edit_proposal(
        actor=resident, proposal=proposal, data={"title": "Des bancs et des arbres au bord"}
    )
    assert [v.title for v in proposal.versions.order_by("number")] == [
        "Des bancs au bord de la Loire",
        "Des bancs et des arbres au bord",
    ]


def test_edit_after_time_limit_is_refused(component, resident):
    proposal = make_proposal(
        component, resident, published_at=timezone.now() - timedelta(minutes=6)
    )
    refused(
        ProposalError.EDIT_TIME_OVER,
        services.edit_proposal,
        actor=resident,
        proposal=proposal,
        data={"title": "Un autre titre assez long"},
    )
    proposal.refresh_from_db()
    assert proposal.title == "Des bancs au bord de la Loire" and proposal.versions.count() == 1


def test_only_the_author_edits_and_withdraws(component, resident, neighbour):
    proposal = make_proposal(component, resident)
    refused(
        ProposalError.NOT_AUTHOR,
        services.edit_proposal,
        actor=neighbour,
        proposal=proposal,
        data={"title": "Un autre titre assez long"},
    )
    refused(
        ProposalError.NOT_AUTHOR, services.withdraw_proposal, actor=neighbour, proposal=proposal
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.NOT_ANSWERED


def test_withdrawn_proposal_freezes_supports(component, resident, neighbour):
    proposal = make_proposal(component, resident)
    services.support_proposal(actor=neighbour, proposal=proposal)
    services.withdraw_proposal(actor=resident, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN and proposal.withdrawn_at
    refused(
        ProposalError.WITHDRAWN, services.unsupport_proposal, actor=neighbour, proposal=proposal
    )
    other = make_user(component.organization)
    refused(ProposalError.WITHDRAWN, services.support_proposal, actor=other, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


# --- Supports --------------------------------------------------------------------------


def test_support_and_undo(component, resident, neighbour):
    proposal = make_proposal(component, resident)
    services.support_proposal(actor=neighbour, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.supports_count == 1
    refused(
        ProposalError.ALREADY_SUPPORTED,
        services.support_proposal,
        actor=neighbour,
        proposal=proposal,
    )
    proposal.refresh_from_db()
    assert proposal.supports_count == 1 and Support.objects.count() == 1
    services.unsupport_proposal(actor=neighbour, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.supports_count == 0 and not Support.objects.exists()
    refused(
        ProposalError.NOT_SUPPORTED, services.unsupport_proposal, actor=neighbour, proposal=proposal
    )


def test_database_refuses_a_second_support_row(component, resident, neighbour):
    from django.db import IntegrityError, transaction

    proposal = make_proposal(component, resident)
    services.support_proposal(actor=neighbour, proposal=proposal)
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(proposal=proposal, component=component, user=neighbour)


def test_supports_off_globally_or_in_step(admin, component, resident, neighbour):
    proposal = make_proposal(component, resident)
    set_settings(admin, component, supports_enabled=False)
    proposal.component = component
    refused(
        ProposalError.SUPPORTS_CLOSED, services.support_proposal, actor=neighbour, proposal=proposal
    )
    set_settings(admin, component, supports_enabled=True)
    configure_proposals(admin, component, supports_enabled=False)
    proposal.component = component
    refused(
        ProposalError.SUPPORTS_CLOSED, services.support_proposal, actor=neighbour, proposal=proposal
    )
    assert not Support.objects.exists()


def test_supports_blocked_freezes_both_ways(admin, component, resident, neighbour):
    proposal = make_proposal(component, resident)
    services.support_proposal(actor=neighbour, proposal=proposal)
    configure_proposals(admin, component, supports_blocked=True)
    proposal.component = component
    refused(
        ProposalError.SUPPORTS_BLOCKED,
        services.unsupport_proposal,
        actor=neighbour,
        proposal=proposal,
    )
    assert Support.objects.count() == 1


def test_limit_per_participant(admin, component, resident, neighbour):
    set_settings(admin, component, support_limit=2)
    proposals = [
        make_proposal(component, resident, title=f"Proposition numéro {i}") for i in range(3)
    ]
    for proposal in proposals[:2]:
        proposal.component = component
        services.support_proposal(actor=neighbour, proposal=proposal)
    proposals[2].component = component
    error = refused(
        ProposalError.SUPPORT_LIMIT,
        services.support_proposal,
        actor=neighbour,
        proposal=proposals[2],
    )
    assert "2" in error.messages[0]
    assert Support.objects.filter(user=neighbour).count() == 2
    # Undoing one frees a support.
    services.unsupport_proposal(actor=neighbour, proposal=proposals[0])
    services.support_proposal(actor=neighbour, proposal=proposals[2])


def test_minimum_before_supports_count(admin, component, resident, neighbour):
    set_settings(admin, component, minimum_supports=3)
    proposals = [
        make_proposal(component, resident, title=f"Proposition numéro {i}") for i in range(3)
    ]
    for proposal in proposals:
        proposal.component = component
    services.support_proposal(actor=neighbour, proposal=proposals[0])
    services.support_proposal(actor=neighbour, proposal=proposals[1])
    counts = lambda: [Proposal.objects.get(pk=p.pk).supports_count for p in proposals]  # noqa: E731
    assert counts() == [0, 0, 0]
    assert Support.objects.filter(counted=False).count() == 2
    services.support_proposal(actor=neighbour, proposal=proposals[2])
    assert counts() == [1, 1, 1]
    assert not Support.objects.filter(counted=False).exists()
    # Falling back under the minimum uncounts the remaining supports.
    services.unsupport_proposal(actor=neighbour, proposal=proposals[2])
    assert counts() == [0, 0, 0]


def test_threshold_without_accumulation(admin, component, resident, neighbour):
    set_settings(admin, component, threshold=1, accumulate_beyond_threshold=False)
    proposal = make_proposal(component, resident)
    proposal.component = component
    services.support_proposal(actor=neighbour, proposal=proposal)
    other = make_user(component.organization)
    refused(
        ProposalError.THRESHOLD_REACHED, services.support_proposal, actor=other, proposal=proposal
    )
    proposal.refresh_from_db()
    assert proposal.supports_count == 1


def test_threshold_with_accumulation(admin, component, resident, neighbour):
    set_settings(admin, component, threshold=1, accumulate_beyond_threshold=True)
    proposal = make_proposal(component, resident)
    proposal.component = component
    services.support_proposal(actor=neighbour, proposal=proposal)
    services.support_proposal(actor=make_user(component.organization), proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.supports_count == 2


def test_for_against_neutral(admin, component, resident, neighbour):
    proposal = make_proposal(component, resident)
    refused(
        ProposalError.BAD_VALUE,
        services.support_proposal,
        actor=neighbour,
        proposal=proposal,
        value=SupportValue.AGAINST,
    )
    set_settings(admin, component, vote_kind="for_against_neutral")
    proposal.component = component
    services.support_proposal(actor=neighbour, proposal=proposal, value=SupportValue.AGAINST)
    services.support_proposal(
        actor=make_user(component.organization), proposal=proposal, value=SupportValue.NEUTRAL
    )
    proposal.refresh_from_db()
    assert (proposal.supports_count, proposal.against_count, proposal.neutral_count) == (0, 1, 1)


def test_other_organisation_cannot_support(component, resident, other_organization):
    proposal = make_proposal(component, resident)
    refused(
        ProposalError.PERMISSION_DENIED,
        services.support_proposal,
        actor=make_user(other_organization),
        proposal=proposal,
    )


def test_drafts_cannot_be_supported(component, resident, neighbour):
    draft = make_proposal(component, resident, published_at=None)
    refused(
        ProposalError.NOT_SUPPORTABLE, services.support_proposal, actor=neighbour, proposal=draft
    )


def test_account_erasure_removes_supports(component, resident, neighbour):
    proposal = make_proposal(component, resident)
    services.support_proposal(actor=neighbour, proposal=proposal)
    services.erase_supports(user=neighbour)
    proposal.refresh_from_db()
    assert proposal.supports_count == 0 and not Support.objects.exists()
