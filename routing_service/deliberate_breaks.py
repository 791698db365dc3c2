"""Deliberately broken behaviours, to prove that a conformance check bites.

Each name switches one behaviour of the reference service to a mistake real integrations made
(the project's rejection reasons). Off by default; ``ROUTING_BROKEN=name[,name]`` or
``broken = ["name"]`` in ``[service]`` turns them on. Never for a real deployment: the
service logs a warning for each at start.
"""

from __future__ import annotations

__all__ = ["BREAKS"]

BREAKS: dict[str, str] = {
    "signature_check_off": "webhooks are accepted without checking X-Hub-Signature-256",
    "human_agent_always": "every answer is sent with the HUMAN_AGENT tag, inside 24 h too",
    "unsend_ignored": "an unsend (message.is_deleted) changes nothing on screen",
    "story_mention_dropped": "a story mention opens no conversation",
    "handle_as_name": "the chat shows the user's handle (username), not the profile name",
    "media_rehosted": "attachments and stories are shown from the service's own copy",
    "echo_as_incoming": "echoes of the business's messages show as the user's, incoming",
    "window_refusals_hidden": "a send Meta refuses (outside the window) shows as sent",
}
