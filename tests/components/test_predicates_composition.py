from participation.components.predicates import (
    ActionContext,
    Predicate,
    always,
    never,
    predicate,
    published,
)


def _context():
    return ActionContext(user=None, component=None, space=None, action="x")


def test_and_or_not():
    ctx = _context()
    assert (always & always)(ctx) and not (always & never)(ctx)
    assert (never | always)(ctx) and not (never | never)(ctx)
    assert (~never)(ctx) and not (~always)(ctx)


def test_and_short_circuits():
    calls = []
    spy = Predicate(lambda c: calls.append(1) or True, "spy")
    assert not (never & spy)(_context())
    assert calls == []


def test_names_describe_the_rule():
    @predicate
    def sunny(context):
        return True

    assert repr(sunny & ~never) == "<Predicate (sunny & ~never)>"


def test_published_component(draft_blog, published_blog):
    ctx = ActionContext(user=None, component=published_blog, space=None, action="x")
    assert published(ctx)
    published_blog.published_at = None
    assert not published(ctx)
