"""The Instagram test user's pages (``https://www.instagram.com``), mounted at ``/instagram``."""

from simulator.user_ui.routes import user_ui_routes

__all__ = ["user_ui_routes"]
