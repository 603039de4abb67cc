"""Give files stored before types were detected the extension of their detected type.

Older versions kept the browser's extension (``plan.js``, ``photo.html``). Such files are
already served safely (participation.media answers an unknown or lying name as an opaque
download), but their names should say what they are: this renames each stored file of
every registered upload field to ``stored_name`` (``.bin`` when no accepted type matches)
and updates its row. Idempotent; ``--dry-run`` only lists.
"""

from django.core.management.base import BaseCommand

from participation.media import registered_owners
from participation.uploads import stored_name


def _stale(storage, name: str):
    """The new name of a stored file whose extension is not its detected type's, or None."""
    try:
        with storage.open(name, "rb") as handle:
            wanted = stored_name(name, handle)
    except OSError:
        return None
    return None if wanted == name else wanted


class Command(BaseCommand):
    help = "Rename stored uploads so their extension is their detected type's."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")

    def handle(self, *args, dry_run=False, **options):
        renamed = 0
        for owner in registered_owners():
            manager = owner.model._default_manager
            for field_name in owner.fields:
                storage = owner.model._meta.get_field(field_name).storage
                rows = manager.exclude(**{field_name: ""}).exclude(
                    **{f"{field_name}__isnull": True}
                )
                for pk, name in rows.values_list("pk", field_name).iterator():
                    wanted = _stale(storage, name)
                    if wanted is None:
                        continue
                    renamed += 1
                    self.stdout.write(f"{owner.model._meta.label} {pk}: {name} -> {wanted}")
                    if dry_run:
                        continue
                    with storage.open(name, "rb") as handle:
                        saved = storage.save(wanted, handle)
                    manager.filter(pk=pk).update(**{field_name: saved})
                    storage.delete(name)
        verb = "to rename" if dry_run else "renamed"
        self.stdout.write(self.style.SUCCESS(f"{renamed} file(s) {verb}."))
