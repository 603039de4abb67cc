"""Demo proposals in the participatory budget: spread over participants, some on the map.

``seed_demo --proposals N`` creates N proposals with ``bulk_create`` (100,000 in
minutes), with supports and versions, and counters computed once at the end. The
first proposal carries a lively discussion (``DISCUSSION`` comments with replies,
votes and an official answer), the page the benchmark measures.
"""

from datetime import timedelta

from django.utils import timezone

from participation.components.services import (
    add_component,
    configure_component,
    publish_component,
)
from participation.demo import DemoContext
from spaces.types import SPACE_TYPES

SUBJECTS = [
    "Des bancs",
    "Un jardin partagé",
    "Une piste cyclable",
    "Des arbres fruitiers",
    "Un composteur collectif",
    "Une boîte à livres",
    "Des toilettes publiques",
    "Un terrain de basket",
    "Des fontaines à eau",
    "Un abri à vélos",
    "Une aire de jeux",
    "Un éclairage solaire",
]
PLACES = [
    "au bord de la Loire",
    "place du Marché",
    "rue des Lilas",
    "près de l'école Jules-Ferry",
    "au parc de la Gare",
    "dans le quartier des Rives",
    "devant la médiathèque",
    "avenue de la République",
]
BATCH = 5000
DISCUSSION = 100  # comments on the first proposal
OPINIONS = [
    "Très bonne idée, je soutiens !",
    "Qui entretiendra l'équipement une fois installé ?",
    "Le coût me paraît sous-estimé.",
    "Il faudrait consulter les riverains avant.",
    "Enfin ! On l'attend depuis des années.",
    "Pourquoi pas plutôt de l'autre côté de la rue ?",
]


def _text(rng, index):
    title = f"{rng.choice(SUBJECTS)} {rng.choice(PLACES)}"
    if index >= len(SUBJECTS) * len(PLACES):
        title = f"{title} (n° {index + 1})"
    body = (
        "<p>Ce projet améliorerait la vie du quartier : "
        f"{rng.choice(['plus de nature', 'plus de sécurité', 'plus de lien social'])}, "
        f"pour un coût estimé à {rng.randrange(2, 120) * 1000} €.</p>"
    )
    return title, body


def seed_proposals(context: DemoContext) -> None:
    from proposals.models import Proposal, ProposalVersion, Support

    count = int(context.options.get("proposals", 40))
    rng = context.rng
    process = SPACE_TYPES["processes"].model.objects.get(
        organization=context.organization, slug="budget-participatif-2027"
    )
    component = add_component(
        actor=context.admin, space=process, manifest_name="proposals", name="Propositions"
    )
    steps = list(process.steps.all())
    configure_component(
        actor=context.admin,
        component=component,
        settings={"threshold": 30, "support_limit": 0},
        step_settings={
            str(step.pk): {
                "creation_enabled": index == 0,
                "supports_enabled": index == 0,
                "comments_enabled": index in (0, 1),
            }
            for index, step in enumerate(steps)
        },
    )
    publish_component(actor=context.admin, component=component)
    participants = context.participants or [context.admin]
    now = timezone.now()
    organization_id = context.organization.pk
    created = 0
    while created < count:
        batch = []
        for index in range(created, min(count, created + BATCH)):
            title, body = _text(rng, index)
            located = rng.random() < 0.3
            batch.append(
                Proposal(
                    organization_id=organization_id,
                    component=component,
                    author=participants[index % len(participants)],
                    title=title,
                    body=body,
                    # Around Bellerive (47.39 N, 0.69 E), within about 2 km.
                    latitude=round(47.39 + rng.uniform(-0.02, 0.02), 6) if located else None,
                    longitude=round(0.69 + rng.uniform(-0.03, 0.03), 6) if located else None,
                    address=rng.choice(PLACES).capitalize() if located else "",
                    published_at=now - timedelta(minutes=index % 40000),
                )
            )
        # SQLite and PostgreSQL both return primary keys from bulk_create.
        batch = Proposal.objects.bulk_create(batch, batch_size=1000)
        ProposalVersion.objects.bulk_create(
            [
                ProposalVersion(proposal=p, number=1, title=p.title, body=p.body, editor=p.author)
                for p in batch
            ],
            batch_size=1000,
        )
        supports = []
        for proposal in batch:
            for user in rng.sample(participants, min(len(participants), rng.randrange(0, 6))):
                if user.pk != proposal.author_id:
                    supports.append(Support(proposal=proposal, component=component, user=user))
        Support.objects.bulk_create(supports, batch_size=2000, ignore_conflicts=True)
        _recount(component, [p.pk for p in batch])
        if created == 0 and batch:
            _seed_discussion(context, component, batch[0])
        created += len(batch)
    context.report.append(f"1 proposals component with {count} proposals")


def _seed_discussion(context: DemoContext, component, proposal) -> None:
    """``DISCUSSION`` comments on ``proposal``: threads three deep, votes, mentions, an
    official answer; counters set as the comment services would (bulk, for speed)."""
    from django.contrib.contenttypes.models import ContentType

    from participation.comments.models import MAX_DEPTH, Comment, CommentVote
    from proposals.models import Proposal

    rng = context.rng
    people = context.participants or [context.admin]
    content_type = ContentType.objects.get_for_model(Proposal)
    start = timezone.now() - timedelta(days=10)
    comments: list[Comment] = []
    for index in range(DISCUSSION):
        parent = None
        if comments and rng.random() < 0.45:
            parent = rng.choice(comments[-15:])
            if parent.depth >= MAX_DEPTH:
                parent = parent.parent
        author = people[(index * 7) % len(people)]
        mentioned = people[(index * 7 + 3) % len(people)]
        official = index == DISCUSSION // 2
        text = OPINIONS[index % len(OPINIONS)]
        mentions = []
        if index % 10 == 3 and mentioned.nickname.isascii() and mentioned.nickname:
            text = f"@{mentioned.nickname} {text}"
            mentions = [mentioned.nickname]
        comment = Comment(
            organization_id=context.organization.pk,
            content_type=content_type,
            object_id=proposal.pk,
            author=context.admin if official else author,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            body=f"<p>{text}</p>",
            mentions=mentions,
            alignment=None if official else rng.choice([-1, 0, 1, None]),
            is_official=official,
        )
        comment.save()
        # auto_now_add ignores a given value: spread the discussion over ten days.
        comment.created_at = start + timedelta(minutes=index * 140)
        comments.append(comment)
        node = parent
        while node is not None:
            node.replies_count += 1
            node = node.parent
    votes = []
    for comment in comments:
        for voter in rng.sample(people, min(len(people), rng.randrange(0, 8))):
            if voter.pk == comment.author_id:
                continue
            value = CommentVote.UP if rng.random() < 0.75 else CommentVote.DOWN
            votes.append(CommentVote(comment=comment, user=voter, value=value))
            if value == CommentVote.UP:
                comment.up_votes += 1
            else:
                comment.down_votes += 1
    CommentVote.objects.bulk_create(votes, batch_size=1000)
    Comment.objects.bulk_update(
        comments, ["created_at", "up_votes", "down_votes", "replies_count"], batch_size=500
    )
    Proposal.objects.filter(pk=proposal.pk).update(comments_count=len(comments))


def _recount(component, ids) -> None:
    """Counters from the supports just written: one UPDATE per distinct count."""
    from django.db.models import Count

    from proposals.models import Proposal, Support

    counts = (
        Support.objects.filter(proposal_id__in=ids, counted=True, value=1)
        .values("proposal_id")
        .annotate(n=Count("id"))
    )
    by_count: dict[int, list[int]] = {}
    for row in counts:
        by_count.setdefault(row["n"], []).append(row["proposal_id"])
    for number, proposal_ids in by_count.items():
        Proposal.objects.filter(pk__in=proposal_ids).update(supports_count=number)


AMENDMENT_CHANGES = [
    ("{title}, accessibles à tous", "accepted"),
    ("{title}, avec un budget participatif dédié", "evaluating"),
    ("{title} (à l’étude avec les riverains)", "rejected"),
    ("{title}, dès cet été", "evaluating"),
]


def seed_amendments(context: DemoContext) -> None:
    """A few amendments on the first proposals: one accepted (a second version), one rejected."""
    from participation.components.models import Component
    from proposals.models import Amendment, AmendmentVote, ProposalVersion

    component = (
        Component.objects.filter(organization=context.organization, manifest_name="proposals")
        .order_by("id")
        .first()
    )
    if component is None:
        return
    steps = list(component.space.steps.all()) if hasattr(component.space, "steps") else []
    configure_component(
        actor=context.admin,
        component=component,
        settings={
            **component.settings,
            "amendments_enabled": True,
            "amendments_votes_enabled": True,
        },
        step_settings={
            str(step.pk): {
                **component.step_settings.get(str(step.pk), {}),
                "amendment_creation_enabled": index == 0,
                "amendment_reaction_enabled": index in (0, 1),
            }
            for index, step in enumerate(steps)
        },
    )
    participants = context.participants or [context.admin]
    proposals = list(component.proposals.order_by("published_at", "id")[: len(AMENDMENT_CHANGES)])
    now = timezone.now()
    created = 0
    for proposal, (change, state) in zip(proposals, AMENDMENT_CHANGES, strict=False):
        amender = next((p for p in participants if p.pk != proposal.author_id), None)
        if amender is None:
            continue
        base = proposal.versions.order_by("-number").first()
        amendment = Amendment.objects.create(
            organization=context.organization,
            component=component,
            proposal=proposal,
            amender=amender,
            base_version=base,
            title=change.format(title=proposal.title)[:150],
            body=proposal.body.replace("</p>", " Un amendement le précise.</p>", 1),
            state=state,
            answered_at=now if state != "evaluating" else None,
        )
        if state == "accepted":
            proposal.title, proposal.body = amendment.title, amendment.body
            proposal.save(update_fields=["title", "body", "updated_at"])
            amendment.resulting_version = ProposalVersion.objects.create(
                proposal=proposal,
                number=(base.number if base else 0) + 1,
                title=proposal.title,
                body=proposal.body,
                editor=amender,
            )
            amendment.save(update_fields=["resulting_version"])
        voters = [p for p in participants if p.pk != amender.pk][:3]
        AmendmentVote.objects.bulk_create(
            [AmendmentVote(amendment=amendment, user=voter) for voter in voters]
        )
        Amendment.objects.filter(pk=amendment.pk).update(votes_count=len(voters))
        created += 1
    context.report.append(f"{created} amendments")
