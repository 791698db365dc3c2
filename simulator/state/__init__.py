"""Simulator state: records (`models`) and the one seeded store (`store`)."""

from simulator.state.models import (
    App,
    AppSubscription,
    BusinessAccount,
    Delivery,
    GraphCall,
    IgUser,
    Story,
    ThreadMessage,
    Token,
)
from simulator.state.store import Store

__all__ = [
    "App",
    "AppSubscription",
    "BusinessAccount",
    "Delivery",
    "GraphCall",
    "IgUser",
    "Store",
    "Story",
    "ThreadMessage",
    "Token",
]
