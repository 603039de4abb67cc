"""Verifications (authorisations): ways a participant proves who they are.

Organisations switch methods on; later components gate actions (vote, sign,
propose, comment) with ``selectors.is_verified`` / ``selectors.verified_methods``.
"""
