from participation.components.models import Component


def delete_components_of_space(sender, instance, **kwargs) -> None:
    """A deleted space takes its components (and, by cascade, their content) with it."""
    Component.objects.of_space(instance).delete()
