"""schemathesis against the simulator's own OpenAPI document: whatever a client sends, the
answer is never a 500, and every error is in its documented shape (Meta's on the Graph API,
``{"error":{"reason"}}`` on the control API). Bounded and seeded, so a run is repeatable."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from simulator.app import create_app
from simulator.config import SimulatorConfig
from simulator.contract import control as api
from simulator.control import control_routes

APP = create_app(SimulatorConfig(seed=12, conversations_rate_per_s=1e6, send_rate_per_s=1e6))
SIM = APP.state.sim
_user = SIM.create_user(role="tester")
SIM.send_text(_user, "hello")
TOKEN = SIM.business.access_token

# /_sim/events long-polls up to a minute by design: not a fuzz target
schema = schemathesis.openapi.from_asgi("/_sim/openapi.json", APP).exclude(path="/_sim/events")


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_gets_a_500_or_an_undocumented_shape(case: schemathesis.Case) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.path.startswith("/graph") else {}
    # not positive_data_acceptance: Graph refuses many well-formed calls (an unknown object
    # is 100/33), and those refusals are what this checks the shape of
    case.call_and_validate(
        headers=headers,
        checks=[
            schemathesis.checks.not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


def test_the_served_control_routes_are_the_contracts() -> None:
    served = {
        (method, route.path)
        for route in control_routes()
        for method in (route.methods or set()) - {"HEAD"}
    }
    written = {(e.method, e.template) for e in api.ENDPOINTS}
    assert served == written, {
        "not in the contract": served - written,
        "not served": written - served,
    }
    assert len(written) == len(api.ENDPOINTS), "two endpoints of the contract share a route"


def test_every_control_route_is_documented() -> None:
    paths = schema.raw_schema["paths"]
    for endpoint in api.ENDPOINTS:
        documented = paths.get(api.PREFIX + endpoint.template, {})
        assert endpoint.method.lower() in documented, endpoint


def test_the_document_is_served_and_names_every_graph_resource() -> None:
    paths = schema.raw_schema["paths"]
    assert "/graph/{version}/{node}/messages" in paths
    assert "/graph/{version}/{node}/conversations" in paths
    assert "/_sim/tokens" in paths
