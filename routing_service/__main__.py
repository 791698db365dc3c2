"""``python -m routing_service serve --host 127.0.0.1 --port 8000``; settings from ``ROUTING_*``."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys

import uvicorn

from routing_service.app import create_app
from routing_service.settings import DEFAULT_AGENT_PASSWORD, Settings, SettingsError


def public_bind_refusal(host: str, settings: Settings) -> str | None:
    """The guide's default password is for rehearsals on this machine only."""
    if settings.agent_password != DEFAULT_AGENT_PASSWORD or _loopback(host):
        return None
    return (
        f"refusing to listen on {host} with the guide's default agent password: set "
        "ROUTING_AGENT_PASSWORD (or listen on 127.0.0.1 for a local rehearsal)"
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routing_service")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the contact center")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"routing_service: {exc}", file=sys.stderr)
        return 2
    refusal = public_bind_refusal(args.host, settings)
    if refusal:
        print(f"routing_service: {refusal}", file=sys.stderr)
        return 2
    logging.basicConfig(level=args.log_level.upper())
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level=args.log_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
