"""Jinja templates, shipped as package data (`recruiter_kit.templates`)."""
