"""`python -m simulator serve --host 127.0.0.1 --port 8800 --seed 0 --public-url ...`"""

from __future__ import annotations

import argparse

import uvicorn

from simulator.app import create_app
from simulator.config import SimulatorConfig


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m simulator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the simulator with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8800)
    serve.add_argument("--seed", type=int, default=0)
    serve.add_argument("--public-url", default=None, help="default http://HOST:PORT")
    serve.add_argument("--graph-version", default="v25.0")
    serve.add_argument("--app-mode", choices=("development", "live"), default="development")
    args = parser.parse_args(argv)
    config = SimulatorConfig(
        seed=args.seed,
        public_url=args.public_url or f"http://{args.host}:{args.port}",
        graph_version=args.graph_version,
        app_mode=args.app_mode,
    )
    uvicorn.run(create_app(config), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
