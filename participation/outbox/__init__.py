"""The transactional outbox (see services.py)."""
