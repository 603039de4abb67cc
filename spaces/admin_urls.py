from django.urls import include, path, register_converter

from spaces.admin_views import blocks, categories, index, members, spaces, steps, taxonomy
from spaces.admin_views.access import SpaceTypeConverter

register_converter(SpaceTypeConverter, "spacetype")
register_converter(taxonomy.TaxonomyConverter, "taxonomy")

app_name = "spaces_backoffice"

SPACE = "<spacetype:space_type>/<slug:slug>/"
STEPS = "processes/<slug:slug>/steps/"

urlpatterns = [
    path("", index.index, name="index"),
    path("settings/<taxonomy:kind>/", taxonomy.taxonomy_list, name="taxonomy"),
    path("settings/<taxonomy:kind>/<int:pk>/", taxonomy.taxonomy_edit, name="taxonomy-edit"),
    path(
        "settings/<taxonomy:kind>/<int:pk>/delete/",
        taxonomy.taxonomy_delete,
        name="taxonomy-delete",
    ),
    path("<spacetype:space_type>/new/", spaces.create, name="create"),
    path(SPACE, spaces.edit, name="edit"),
    path(SPACE + "publication/", spaces.publication, name="publication"),
    path(SPACE + "delete/", spaces.delete, name="delete"),
    path(SPACE + "preview/", spaces.preview, name="preview"),
    path(SPACE + "categories/", categories.categories, name="categories"),
    path(SPACE + "categories/<int:pk>/", categories.category_edit, name="category-edit"),
    path(
        SPACE + "categories/<int:pk>/delete/",
        categories.category_delete,
        name="category-delete",
    ),
    path(SPACE + "members/", members.members, name="members"),
    path(SPACE + "roles/", members.roles, name="roles"),
    # Steps exist on concertations only: the space type is fixed in the address.
    path(STEPS, steps.steps, {"space_type": "processes"}, name="steps"),
    path(STEPS + "<int:pk>/", steps.step_edit, {"space_type": "processes"}, name="step-edit"),
    path(
        STEPS + "<int:pk>/delete/",
        steps.step_delete,
        {"space_type": "processes"},
        name="step-delete",
    ),
    path(SPACE + "blocks/", blocks.blocks, name="blocks"),
    path(SPACE + "blocks/new/<slug:kind>/", blocks.block_add, name="block-add"),
    path(SPACE + "blocks/<int:pk>/", blocks.block_edit, name="block-edit"),
    path(SPACE + "blocks/<int:pk>/move/", blocks.block_move, name="block-move"),
    path(SPACE + "blocks/<int:pk>/publish/", blocks.block_publish, name="block-publish"),
    path(SPACE + "blocks/<int:pk>/delete/", blocks.block_delete, name="block-delete"),
    path(SPACE + "attachments/", blocks.attachments, name="attachments"),
    path(SPACE + "files/<int:pk>/delete/", blocks.file_delete, name="file-delete"),
    # Components: the framework serves its own back-office under each space.
    path(SPACE + "components/", include("participation.components.backoffice_urls")),
]
