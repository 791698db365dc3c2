"""``python -m routing_service serve --host 127.0.0.1 --port 8000 [--config routing.toml]``;
settings from ``ROUTING_*`` over the file; ``agent`` and ``hash-password`` for the admin."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys

import uvicorn

from routing_service import admin
from routing_service.app import create_app
from routing_service.config_file import load
from routing_service.logs import configure_logging
from routing_service.settings import (
    DEFAULT_AGENT_PASSWORD,
    DEFAULT_SCRYPT_N,
    Settings,
    SettingsError,
)


def public_bind_refusal(host: str, settings: Settings) -> str | None:
    """The guide's default password, and a cheap password hash, are for rehearsals on this
    machine only."""
    if _loopback(host):
        return None
    if settings.agent_password == DEFAULT_AGENT_PASSWORD:
        return (
            f"refusing to listen on {host} with the guide's default agent password: set "
            "ROUTING_AGENT_PASSWORD (or listen on 127.0.0.1 for a local rehearsal)"
        )
    if settings.scrypt_n < DEFAULT_SCRYPT_N:
        return f"refusing to listen on {host} with ROUTING_SCRYPT_N below {DEFAULT_SCRYPT_N}"
    return None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routing_service")
    parser.add_argument(
        "--config", default=os.environ.get("ROUTING_CONFIG"),
        help="routing.toml: [service] settings and [[agents]] (ROUTING_* variables win)",
    )  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the contact center")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--log-format", choices=("json", "text"), default="json")
    admin.add_commands(commands)
    args = parser.parse_args(argv)
    try:
        config = load(args.config) if args.config else None
        settings = None
        if args.command != "hash-password":
            settings = Settings.from_env(file=config.service if config else None)
    except SettingsError as exc:
        print(f"routing_service: {exc}", file=sys.stderr)
        return 2
    if args.command != "serve":
        return admin.run(args, settings)
    assert settings is not None
    refusal = public_bind_refusal(args.host, settings)
    if refusal:
        print(f"routing_service: {refusal}", file=sys.stderr)
        return 2
    configure_logging(args.log_level, args.log_format)
    app = create_app(settings, agents=config.agents if config else ())
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, log_config=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
