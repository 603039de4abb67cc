"""The one Space table every space type shares, and space roles with real foreign keys.

The spaces app's migration 0005-0007 turn its five tables into children of this one
and carry their rows (and everything pointing at them) over.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import participation.richtext
import participation.uploads


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("participation", "0002_usergroup"),
    ]

    operations = [
        migrations.CreateModel(
            name="Space",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("space_type", models.CharField(editable=False, max_length=30, verbose_name="space type")),
                ("slug", models.SlugField(help_text="Used in the address of the space.", max_length=80, verbose_name="slug")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("subtitle", models.CharField(blank=True, max_length=255, verbose_name="subtitle")),
                ("short_description", participation.richtext.SanitizedHTMLField(blank=True, verbose_name="short description")),
                ("description", participation.richtext.SanitizedHTMLField(blank=True, verbose_name="description")),
                ("hero_image", models.ImageField(blank=True, upload_to=participation.uploads.image_upload_to, validators=[participation.uploads.validate_image], verbose_name="hero image")),
                ("hero_image_alt", models.CharField(blank=True, max_length=255, verbose_name="hero image description")),
                ("start_date", models.DateField(blank=True, null=True, verbose_name="start date")),
                ("end_date", models.DateField(blank=True, null=True, verbose_name="end date")),
                ("visibility", models.CharField(choices=[("public", "Public"), ("private", "Private, members only"), ("transparent", "Private but transparent (readable by all, open to members)")], default="public", max_length=20, verbose_name="visibility")),
                ("promoted", models.BooleanField(default=False, verbose_name="promoted on the home page")),
                ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="published at")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="participation.organization")),
            ],
            options={
                "verbose_name": "participatory space",
                "verbose_name_plural": "participatory spaces",
                "ordering": ["-promoted", "-start_date", "title"],
                "permissions": [("admin_space", "Space administrator"), ("collaborate_space", "Collaborator (read-only back-office)"), ("moderate_space", "Moderator"), ("evaluate_space", "Evaluator")],
                "indexes": [models.Index(fields=["organization", "space_type"], name="space_by_type")],
                "constraints": [
                    models.UniqueConstraint(fields=("organization", "space_type", "slug"), name="space_unique_slug"),
                    models.CheckConstraint(condition=models.Q(("end_date__isnull", True), ("start_date__isnull", True), ("end_date__gte", models.F("start_date")), _connector="OR"), name="space_dates_in_order"),
                ],
            },
        ),
        migrations.CreateModel(
            name="SpaceUserPermission",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("permission", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="auth.permission")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                ("content_object", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="user_roles", to="participation.space")),
            ],
            options={
                "verbose_name": "space role of a person",
                "verbose_name_plural": "space roles of people",
                "abstract": False,
                "unique_together": {("user", "permission", "content_object")},
            },
        ),
        migrations.CreateModel(
            name="SpaceGroupPermission",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("permission", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="auth.permission")),
                ("group", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="auth.group")),
                ("content_object", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="group_roles", to="participation.space")),
            ],
            options={
                "verbose_name": "space role of a group",
                "verbose_name_plural": "space roles of groups",
                "abstract": False,
                "unique_together": {("group", "permission", "content_object")},
            },
        ),
    ]
