"""``python -m simulator serve``: Meta's side on loopback, with your app's values.

    python -m simulator serve [--config harness.toml] [--host H] [--port P] [--seed N]
        [--app-id ID --app-secret S --access-token T --ig-id ID --business-username U ...]

Values come from the TOML's ``[meta]`` and ``[simulator]`` tables; flags override them;
anything left out is derived from the seed. ``python -m simulator intercept`` answers
Meta's Graph hosts for apps that hard-code them (``simulator/intercept.py``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import uvicorn

from simulator.app import create_app
from simulator.config import APP_MODES, SimulatorConfig
from simulator.settings_file import SettingsFileError, config_values, listen_address, read_toml

# flag -> SimulatorConfig field: the values a team's app is already configured with
TEAM_FLAGS = {
    "--app-id": "app_id",
    "--app-secret": "app_secret",
    "--app-name": "app_name",
    "--access-token": "access_token",
    "--ig-id": "ig_id",
    "--business-username": "business_username",
    "--business-name": "business_name",
    "--graph-version": "graph_version",
    "--login-flavour": "login_flavour",
    "--page-id": "page_id",
    "--user-access-token": "user_access_token",
}


def serve_config(args: argparse.Namespace) -> tuple[SimulatorConfig, str, int]:
    """The config and listen address from ``--config`` and the flags (flags win)."""
    doc = read_toml(args.config) if args.config else {}
    values: dict[str, Any] = config_values(doc)
    host, port = listen_address(doc)
    host = args.host or host
    port = port if args.port is None else args.port
    for flag, name in TEAM_FLAGS.items():
        given = getattr(args, flag[2:].replace("-", "_"))
        if given is not None:
            values[name] = given
    if args.seed is not None:
        values["seed"] = args.seed
    if args.app_mode is not None:
        values["app_mode"] = args.app_mode
    values["public_url"] = args.public_url or values.get("public_url") or f"http://{host}:{port}"
    return SimulatorConfig(**values), host, port


def describe(config: SimulatorConfig, business: Any) -> str:
    """What the team's app must be configured with, as the simulator answers."""
    lines = [
        f"Meta's Graph API at {config.graph_base_url}/{config.graph_version}/",
        "Your app's Meta values (the simulator answers with these):",
        f"  app id        {config.app_id}",
        f"  app secret    {config.app_secret}",
        f"  access token  {business.access_token}",
        f"  IG_ID         {business.ig_id}  (@{business.username})",
    ]
    if business.page_id:
        lines += [
            f"  Page id       {business.page_id}  (Facebook Login: the token above is the Page's)",
            f"  user token    {business.user_access_token}",
        ]
    return "\n".join([*lines, f"Control API     {config.public_url}/_sim/state"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the simulator with uvicorn")
    serve.add_argument("--config", help="a harness.toml: [meta] values, [simulator] host/port")
    serve.add_argument("--host", default=None, help="default 127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default 8800")
    serve.add_argument("--seed", type=int, default=None)
    serve.add_argument("--public-url", default=None, help="default http://HOST:PORT")
    serve.add_argument("--app-mode", choices=APP_MODES, default=None)
    for flag, name in TEAM_FLAGS.items():
        serve.add_argument(flag, default=None, help=f"your app's {name.replace('_', ' ')}")
    from simulator.intercept import add_intercept_command

    add_intercept_command(commands)
    args = parser.parse_args(argv)
    if args.command == "intercept":
        return args.run(args)
    try:
        config, host, port = serve_config(args)
    except (SettingsFileError, ValueError) as exc:
        print(f"simulator: {exc}", file=sys.stderr)
        return 2
    app = create_app(config)
    print(describe(config, app.state.sim.business), flush=True)
    uvicorn.run(app, host=host, port=port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
