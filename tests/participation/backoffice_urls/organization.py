ARGUMENTS = {
    "admin/organization/legal/<slug:kind>/": lambda organization: (
        "/admin/organization/legal/accessibility/"
    ),
}
