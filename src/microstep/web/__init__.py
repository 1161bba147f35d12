"""The web layer: a JSON API under /api and HTML pages (Jinja2 + HTMX), both over the services."""

from microstep.web.app import create_app

__all__ = ["create_app"]
