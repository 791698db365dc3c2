"""Drivers: how a step reaches the agent console and the Instagram user's side.

``api`` talks HTTP in-process (fast); ``browser`` clicks through the pages in Chromium, as the
reviewer does. Steps only know the interfaces in :mod:`steps.drivers.base`.
"""

from steps.drivers.base import AgentConsole, ChatMessage, ChatView, InstagramUser

__all__ = ["AgentConsole", "ChatMessage", "ChatView", "InstagramUser"]
