from django.urls import include, path, register_converter

from spaces.backoffice import (
    block_pages,
    category_pages,
    index,
    member_pages,
    space_pages,
    step_pages,
    taxonomy_pages,
)
from spaces.backoffice.access import SpaceTypeConverter

register_converter(SpaceTypeConverter, "spacetype")
register_converter(taxonomy_pages.TaxonomyConverter, "taxonomy")

app_name = "spaces_backoffice"

SPACE = "<spacetype:space_type>/<slug:slug>/"
STEPS = "processes/<slug:slug>/steps/"

urlpatterns = [
    path("", index.index, name="index"),
    path("settings/<taxonomy:kind>/", taxonomy_pages.taxonomy_list, name="taxonomy"),
    path("settings/<taxonomy:kind>/<int:pk>/", taxonomy_pages.taxonomy_edit, name="taxonomy-edit"),
    path(
        "settings/<taxonomy:kind>/<int:pk>/delete/",
        taxonomy_pages.taxonomy_delete,
        name="taxonomy-delete",
    ),
    path("<spacetype:space_type>/new/", space_pages.create, name="create"),
    path(SPACE, space_pages.edit, name="edit"),
    path(SPACE + "publication/", space_pages.publication, name="publication"),
    path(SPACE + "delete/", space_pages.delete, name="delete"),
    path(SPACE + "preview/", space_pages.preview, name="preview"),
    path(SPACE + "categories/", category_pages.categories, name="categories"),
    path(SPACE + "categories/<int:pk>/", category_pages.category_edit, name="category-edit"),
    path(
        SPACE + "categories/<int:pk>/delete/",
        category_pages.category_delete,
        name="category-delete",
    ),
    path(SPACE + "members/", member_pages.members, name="members"),
    path(SPACE + "roles/", member_pages.roles, name="roles"),
    # Steps exist on concertations only: the space type is fixed in the address.
    path(STEPS, step_pages.steps, {"space_type": "processes"}, name="steps"),
    path(STEPS + "<int:pk>/", step_pages.step_edit, {"space_type": "processes"}, name="step-edit"),
    path(
        STEPS + "<int:pk>/delete/",
        step_pages.step_delete,
        {"space_type": "processes"},
        name="step-delete",
    ),
    path(SPACE + "blocks/", block_pages.blocks, name="blocks"),
    path(SPACE + "blocks/new/<slug:kind>/", block_pages.block_add, name="block-add"),
    path(SPACE + "blocks/<int:pk>/", block_pages.block_edit, name="block-edit"),
    path(SPACE + "blocks/<int:pk>/move/", block_pages.block_move, name="block-move"),
    path(SPACE + "blocks/<int:pk>/publish/", block_pages.block_publish, name="block-publish"),
    path(SPACE + "blocks/<int:pk>/delete/", block_pages.block_delete, name="block-delete"),
    path(SPACE + "attachments/", block_pages.attachments, name="attachments"),
    path(SPACE + "files/<int:pk>/delete/", block_pages.file_delete, name="file-delete"),
    # Components: the framework serves its own back-office under each space.
    path(SPACE + "components/", include("participation.components.backoffice_urls")),
]
