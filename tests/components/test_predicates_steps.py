"""Step settings decide what residents may do, and change with the active step."""

from participation.components import services
from participation.components.models import DEFAULT_STEP
from participation.components.predicates import ActionContext, step_allows
from spaces.models import Assembly
from tests.components.conftest import activate
from tests.conftest import make_user

comments = step_allows("comments_enabled")


def _context(component):
    space = type(component.space).objects.get(pk=component.space_id)  # fresh steps
    return ActionContext(user=None, component=component, space=space, action="comment")


def _enable_in_step(admin, blog, process, position):
    step = process.steps.get(position=position)
    return services.configure_component(
        actor=admin, component=blog, step_settings={str(step.pk): {"comments_enabled": True}}
    )


def test_defaults_apply_until_configured(blog):
    assert not comments(_context(blog))


def test_the_active_steps_setting_decides(admin, blog, process):
    blog = _enable_in_step(admin, blog, process, 1)
    assert not comments(_context(blog))
    activate(process, 1)
    assert comments(_context(blog))
    activate(process, 2)
    assert not comments(_context(blog))


def test_between_steps_nothing_is_allowed(admin, blog, process):
    blog = _enable_in_step(admin, blog, process, 0)
    process.steps.update(active=False)
    assert not comments(_context(blog))


def test_spaces_without_steps_use_the_default_step_settings(admin, organization, now):
    assembly = Assembly.objects.create(
        organization=organization, slug="conseil", title="Conseil", published_at=now
    )
    blog = services.add_component(actor=admin, space=assembly, manifest_name="blogs")
    assert list(blog.step_settings) == [DEFAULT_STEP]
    assert not comments(_context(blog))
    blog = services.configure_component(
        actor=admin, component=blog, step_settings={DEFAULT_STEP: {"comments_enabled": True}}
    )
    assert comments(_context(blog))


def test_component_can_follows_the_active_step(admin, published_blog, process, organization):
    """The scenario of issue 4: comments enabled only in step 2."""
    resident = make_user(organization)
    blog = _enable_in_step(admin, published_blog, process, 1)
    assert blog.can(resident, "comment") is False
    activate(process, 1)
    blog = type(blog).objects.get(pk=blog.pk)  # a new request loads the space again
    assert blog.can(resident, "comment") is True
    assert blog.can(None, "comment") is False
    assert blog.can(resident, "fly") is False
