"""Use cases over an explicit SQLAlchemy session; web views and CLI commands call these."""
