"""The one place tests build rows: organisations, people, spaces, steps, components and content.

Why one module: the shape of spaces and components is changing (issue 13: one Space table, a
real foreign key from Component); a test that builds through these factories follows that
change without being edited. Nothing here calls ``ParticipatoryProcess.objects.create`` for a
test, nor ``Component(...).save()``: tests call the factories.

Factories default only the fields a row cannot do without (organisation, slug, title...);
every other field keeps the model's default, so ``ProcessFactory(organization=o, slug="a",
title="A")`` is exactly the row ``ParticipatoryProcess.objects.create(...)`` made. Published
spaces are asked for (``published=True`` or ``published_at=``), never implied.

Components that matter are mounted through the real service
(``participation.components.services.add_component``): it runs the manifest's ``on_create``
hook and writes the action log, as the back-office does. ``ComponentFactory`` is the bare row
(no hook, no log, no actor) for the few tests that need only a row to point at.
"""

from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from participation.comments.models import Comment
from participation.components import services as components
from participation.components.models import Component
from participation.models import Organization, User
from participation.models.users import new_username
from spaces.models import (
    Assembly,
    Conference,
    Initiative,
    ParticipatoryProcess,
    ProcessStep,
    Votation,
)

PASSWORD = "correct-horse-battery-staple"

# --- Organisations and people --------------------------------------------------------------


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Ville {n}")
    host = factory.Sequence(lambda n: f"ville-{n}.test")


class UserFactory(DjangoModelFactory):
    """A person of an organisation; ``admin=True`` for an organisation administrator.

    The password is hashed before the one INSERT (as sign-up does): no second save, so
    post_save receivers see one creation."""

    class Meta:
        model = User

    class Params:
        admin = factory.Trait(is_org_admin=True)

    organization = factory.SubFactory(OrganizationFactory)
    username = factory.LazyFunction(new_username)
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    nickname = factory.Sequence(lambda n: f"person-{n}")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, password=PASSWORD, **kwargs):
        user = model_class(*args, **kwargs)
        user.set_password(password)
        user.save()
        return user


class OperatorFactory(DjangoModelFactory):
    """An operator of the install (no organisation), with an authenticator app set up unless
    ``second_factor=False`` (operators must have one: tests/participation/test_operator_mfa.py
    covers setting it up)."""

    class Meta:
        model = User

    username = factory.LazyFunction(new_username)
    email = "operator@example.net"
    is_superuser = True
    is_staff = True
    second_factor = True  # not a field: _create takes it out

    @classmethod
    def _create(cls, model_class, *args, second_factor=True, **kwargs):
        user = model_class(*args, **kwargs)
        user.set_password(PASSWORD)
        user.save()
        if second_factor:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            user.totp_secret = generate_totp_secret()
            TOTP.activate(user, user.totp_secret)
        return user


def make_organization(name: str, host: str, **fields) -> Organization:
    return OrganizationFactory(name=name, host=host, **fields)


def make_user(organization, *, email=None, admin=False, password=PASSWORD, **fields) -> User:
    """A person of ``organization`` (shorthand for UserFactory, the form most tests read)."""
    if email:
        fields["email"] = email
    return UserFactory(organization=organization, admin=admin, password=password, **fields)


def make_operator(email="operator@example.net", *, second_factor: bool = True) -> User:
    return OperatorFactory(email=email, second_factor=second_factor)


# --- Spaces and steps ----------------------------------------------------------------------


class SpaceFactory(DjangoModelFactory):
    """Fields every space type shares; one subclass per type below."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    class Params:
        published = factory.Trait(published_at=factory.LazyFunction(timezone.now))

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"espace-{n}")
    title = factory.LazyAttribute(lambda space: space.slug.replace("-", " ").capitalize())


class ProcessFactory(SpaceFactory):
    """A concertation; ``steps=["Propositions", "Vote"]`` adds its steps, the first active."""

    class Meta:
        model = ParticipatoryProcess

    @factory.post_generation
    def steps(process, create, titles, **kwargs):
        for position, title in enumerate(titles or []):
            StepFactory(process=process, title=title, position=position, active=position == 0)


def get_or_create_process(organization, slug: str, title: str):
    """The concertation ``slug`` of ``organization``, made on the first call (for builders
    that run many times against the same organisation)."""
    existing = ParticipatoryProcess.objects.filter(organization=organization, slug=slug).first()
    return existing or ProcessFactory(organization=organization, slug=slug, title=title)


class StepFactory(DjangoModelFactory):
    class Meta:
        model = ProcessStep

    process = factory.SubFactory(ProcessFactory)
    title = factory.Sequence(lambda n: f"Étape {n}")


class AssemblyFactory(SpaceFactory):
    class Meta:
        model = Assembly


class InitiativeFactory(SpaceFactory):
    class Meta:
        model = Initiative


class VotationFactory(SpaceFactory):
    class Meta:
        model = Votation


class ConferenceFactory(SpaceFactory):
    class Meta:
        model = Conference


def move_active_step(process, position: int) -> None:
    """Make the step at ``position`` the active one (the database allows one active step)."""
    from participation.components.serving import forget_serving

    ProcessStep.objects.filter(process=process).update(active=False)
    ProcessStep.objects.filter(process=process, position=position).update(active=True)
    forget_serving(process.organization_id)  # as the step service does after its update()


# --- Components ----------------------------------------------------------------------------


def make_component(space, manifest_name: str, *, actor, name: str = "", published=False):
    """Mount a component through the real service (its on_create hook and action log run);
    ``published=True`` publishes it through the service too."""
    component = components.add_component(
        actor=actor, space=space, manifest_name=manifest_name, name=name
    )
    if published:
        component = components.publish_component(actor=actor, component=component)
    return component


class ComponentFactory(DjangoModelFactory):
    """A bare component row in ``space``: no on_create hook, no action log, no actor. For tests
    that only need a row to point at; make_component mounts a real one."""

    class Meta:
        model = Component

    space = factory.SubFactory(ProcessFactory)
    organization = factory.LazyAttribute(lambda component: component.space.organization)
    manifest_name = "pages"
    name = factory.LazyAttribute(lambda component: component.manifest_name)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        space = kwargs.pop("space")
        component = model_class(*args, **kwargs)
        component.set_space(space)
        component.save()
        return component


# Proposals: creation, supports and comments open in every step.
PROPOSALS_OPEN_STEP = {
    "creation_enabled": True,
    "supports_enabled": True,
    "supports_blocked": False,
    "supports_hidden": False,
    "comments_enabled": True,
}


def configure_proposals(admin, component, settings=None, **step):
    """Settings replaced by ``settings`` (kept when None); every step open, then ``step``."""
    step_values = {**PROPOSALS_OPEN_STEP, **step}
    space = component.space
    keys = [str(s.pk) for s in space.steps.all()] if hasattr(space, "steps") else ["default"]
    components.configure_component(
        actor=admin,
        component=component,
        settings=settings if settings is not None else dict(component.settings),
        step_settings={key: step_values for key in keys},
    )
    component.refresh_from_db()
    return component


def make_open_proposals(space, *, actor, name="Idées"):
    """A published proposals component of ``space``, every step open (creation, supports,
    comments), default settings."""
    component = make_component(space, "proposals", actor=actor, name=name)
    configure_proposals(actor, component, settings={})
    components.publish_component(actor=actor, component=component)
    component.refresh_from_db()
    return component


# Budgets: voting open in every step.
BUDGETS_OPEN_STEP = {
    "votes_enabled": True,
    "votes_blocked": False,
    "show_votes": False,
    "comments_enabled": True,
}


def configure_budgets(admin, component, settings=None, **step):
    """Settings merged with ``settings``; every step's settings open, then ``step``."""
    values = {**BUDGETS_OPEN_STEP, **step}
    space = component.space
    keys = [str(s.pk) for s in space.steps.all()] if hasattr(space, "steps") else ["default"]
    components.configure_component(
        actor=admin,
        component=component,
        settings={**component.settings, **(settings or {})},
        step_settings={key: values for key in keys},
    )
    component.refresh_from_db()
    return component


def make_open_budgets(space, *, actor, name="Budget participatif", settings=None, **step):
    """A published budgets component of ``space`` whose steps open the vote."""
    component = make_component(space, "budgets", actor=actor, name=name)
    configure_budgets(actor, component, settings=settings, **step)
    components.publish_component(actor=actor, component=component)
    component.refresh_from_db()
    return component


# --- Content -------------------------------------------------------------------------------


class ProposalFactory(DjangoModelFactory):
    """A proposal, published now unless ``published_at=None``; a published one gets its first
    version, as the creation service writes it (unless ``first_version=False``: a bare row)."""

    class Meta:
        model = "proposals.Proposal"
        skip_postgeneration_save = True

    component = factory.SubFactory(ComponentFactory, manifest_name="proposals")
    organization_id = factory.LazyAttribute(lambda proposal: proposal.component.organization_id)
    author = None
    title = "Des bancs au bord de la Loire"
    body = "<p>Pour se reposer en promenade.</p>"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def first_version(proposal, create, extracted, **kwargs):
        from proposals.models import ProposalVersion

        if create and proposal.published_at and extracted is not False:
            ProposalVersion.objects.create(
                proposal=proposal,
                number=1,
                title=proposal.title,
                body=proposal.body,
                editor=proposal.author,
            )

    @factory.post_generation
    def forget_counts(proposal, create, extracted, **kwargs):
        # Written past the services, like the demo seeder: retire what they would have.
        from proposals.selectors import forget_counts

        if create:
            forget_counts(proposal.organization_id)


def make_proposal(component, author, title="Des bancs au bord de la Loire", **fields):
    return ProposalFactory(component=component, author=author, title=title, **fields)


def located(**extra):
    """Coordinates in Tours, for what goes on a map."""
    return {"latitude": Decimal("47.391000"), "longitude": Decimal("0.689000"), **extra}


class BudgetFactory(DjangoModelFactory):
    class Meta:
        model = "budgets.Budget"

    component = factory.SubFactory(ComponentFactory, manifest_name="budgets")
    organization_id = factory.LazyAttribute(lambda budget: budget.component.organization_id)
    title = "Centre-ville"
    total = Decimal("100000")


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = "budgets.Project"

    budget = factory.SubFactory(BudgetFactory)
    organization_id = factory.LazyAttribute(lambda project: project.budget.organization_id)
    title = "Des bancs"
    cost = Decimal("10000")


def make_budget(component, title="Centre-ville", total="100000", **fields):
    return BudgetFactory(component=component, title=title, total=Decimal(total), **fields)


def make_project(budget, title="Des bancs", cost="10000", **fields):
    return ProjectFactory(budget=budget, title=title, cost=Decimal(cost), **fields)


def make_attachment(
    target,
    *,
    space,
    file="documents/x/doc.pdf",
    original_name="doc.pdf",
    kind="document",
    **fields,
):
    """A row of ``participation.models.Attachment`` on ``target`` (a proposal, a project, a
    block, a space), for tests that need one without uploading (services upload)."""
    from participation.attachments import content_type_of
    from participation.models import Attachment

    return Attachment.objects.create(
        organization_id=target.organization_id,
        space=space,
        content_type=content_type_of(target),
        object_id=target.pk,
        kind=kind,
        file=file,
        original_name=original_name,
        **fields,
    )


class PostFactory(DjangoModelFactory):
    """A blog post row (no action log, no notification: create_post is the real service)."""

    class Meta:
        model = "blogs.Post"

    component = factory.SubFactory(ComponentFactory, manifest_name="blogs")
    title = factory.Sequence(lambda n: f"Article {n}")
    body = "<p>x</p>"


class PageFactory(DjangoModelFactory):
    class Meta:
        model = "pages.Page"

    component = factory.SubFactory(ComponentFactory, manifest_name="pages")
    title = factory.Sequence(lambda n: f"Page {n}")
    body = "<p>x</p>"


class CommentFactory(DjangoModelFactory):
    """A comment row on ``target`` (any commentable object; its organisation, or its
    component's for content that has none of its own)."""

    class Meta:
        model = Comment
        exclude = ("target",)

    target = None
    organization_id = factory.LazyAttribute(
        lambda comment: (
            getattr(comment.target, "organization_id", None)
            or comment.target.component.organization_id
        )
    )
    content_type = factory.LazyAttribute(
        lambda comment: ContentType.objects.get_for_model(comment.target)
    )
    object_id = factory.LazyAttribute(lambda comment: comment.target.pk)
    body = "D'accord"
