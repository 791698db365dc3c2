"""The harness plugs into pytest here: hooks, fixtures and steps live in these modules."""

pytest_plugins = [
    "fixtures.plugin",
    "fixtures.sut_plugin",
    "fixtures.harness",
    "fixtures.browser",
    "fixtures.verdicts",
    "fixtures.scheduling",
    "fixtures.step_lookup",
    "steps.drivers.fixtures",
    "steps.common",
    "steps.agent_console",
    "steps.instagram_user",
    "steps.platform",
    "steps.webhooks",
    "steps.webhook_deliveries",
    "steps.webhook_order",
    "steps.webhook_handshake",
    "steps.webhook_batches",
    "steps.webhook_retries",
    "steps.access",
    "steps.recovery",
    "steps.policy",
    "steps.routing",
    "steps.message_kinds",
    "steps.stories",
    "pytester",  # the harness's own plugin tests
]
