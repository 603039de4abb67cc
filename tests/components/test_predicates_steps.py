"""Step settings decide what residents may do, and change with the active step."""

from participation.components import services
from participation.components.models import DEFAULT_STEP
from participation.components.predicates import ActionContext, step_allows
from tests.factories import AssemblyFactory, make_user, move_active_step

comments = step_allows("comments_enabled")


def _context(component):
    space = type(component.space).objects.get(pk=component.space_id)  # fresh steps
    return ActionContext(user=None, component=component, space=space, action="comment")


def _enable_in_step(admin, draft_blog, process, position):
    step = process.steps.get(position=position)
    return services.configure_component(
        actor=admin, component=draft_blog, step_settings={str(step.pk): {"comments_enabled": True}}
    )


def test_defaults_apply_until_configured(draft_blog):
    assert not comments(_context(draft_blog))


def test_the_active_steps_setting_decides(admin, draft_blog, process):
    draft_blog = _enable_in_step(admin, draft_blog, process, 1)
    assert not comments(_context(draft_blog))
    move_active_step(process, 1)
    assert comments(_context(draft_blog))
    move_active_step(process, 2)
    assert not comments(_context(draft_blog))


def test_between_steps_nothing_is_allowed(admin, draft_blog, process):
    draft_blog = _enable_in_step(admin, draft_blog, process, 0)
    process.steps.update(active=False)
    assert not comments(_context(draft_blog))


def test_spaces_without_steps_use_the_default_step_settings(admin, organization, now):
    assembly = AssemblyFactory(
        organization=organization, slug="conseil", title="Conseil", published_at=now
    )
    draft_blog = services.add_component(actor=admin, space=assembly, manifest_name="blogs")
    assert list(draft_blog.step_settings) == [DEFAULT_STEP]
    assert not comments(_context(draft_blog))
    draft_blog = services.configure_component(
        actor=admin, component=draft_blog, step_settings={DEFAULT_STEP: {"comments_enabled": True}}
    )
    assert comments(_context(draft_blog))


def test_component_can_follows_the_active_step(admin, published_blog, process, organization):
    """The scenario of issue 4: comments enabled only in step 2."""
    resident = make_user(organization)
    draft_blog = _enable_in_step(admin, published_blog, process, 1)
    assert draft_blog.can(resident, "comment") is False
    move_active_step(process, 1)
    draft_blog = type(draft_blog).objects.get(
        pk=draft_blog.pk
    )  # a new request loads the space again
    assert draft_blog.can(resident, "comment") is True
    assert draft_blog.can(None, "comment") is False
    assert draft_blog.can(resident, "fly") is False
