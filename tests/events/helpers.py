"""Throw-away events for tests that need log entries of no particular kind."""

from contextlib import contextmanager

from participation import events


@contextmanager
def declared(*names: str):
    """Declare ``names`` as logged events (carrying any fields) for the duration of a test."""
    made = [
        events.LoggedEvent(
            name=name,
            label=f"Test {name}",
            sentence=f"%(actor)s did {name} on “%(target)s”",
            payload=(events.FIELDS,),
        )
        for name in names
    ]
    for event in made:
        events.register(event)
    try:
        yield made
    finally:
        for event in made:
            events.unregister(event.name)
