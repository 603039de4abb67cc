"""The spaces part of the back-office (/admin/spaces/): one module per page family."""
