"""The admin's commands: agents in the database and password hashes for routing.toml.

    python -m routing_service agent add bea --name "Bea Agent" [--positions 4]
    python -m routing_service agent remove bea
    python -m routing_service agent list
    python -m routing_service hash-password

Passwords are read from standard input when it is not a terminal (one line), else asked for
twice without echo; only their scrypt hash is stored or printed.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time

from routing_service.auth import hash_password
from routing_service.settings import MAX_POSITIONS, Settings
from routing_service.store import Store

__all__ = ["add_commands", "run"]

MIN_PASSWORD = 8


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    agent = commands.add_parser("agent", help="add, remove or list agents (in the database)")
    actions = agent.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add an agent, or change one (password from stdin)")
    add.add_argument("login")
    add.add_argument("--name", required=True)
    add.add_argument("--positions", type=int, help=f"1-{MAX_POSITIONS}; default: the service's")
    remove = actions.add_parser("remove", help="remove an agent (its chats go to the queue)")
    remove.add_argument("login")
    actions.add_parser("list", help="the agents, their status and positions")
    commands.add_parser("hash-password", help="print a password's hash for routing.toml")


def run(args: argparse.Namespace, settings: Settings | None) -> int:
    if args.command == "hash-password":
        print(hash_password(_password()))
        return 0
    assert settings is not None
    store = Store(settings.database)
    try:
        if args.action == "add":
            if args.positions is not None and not 1 <= args.positions <= MAX_POSITIONS:
                return _fail(f"--positions must be 1 to {MAX_POSITIONS}")
            agent = store.upsert_agent(
                args.login, args.name, hash_password(_password()), args.positions
            )
            print(f"agent {agent.login!r} ({agent.name}) saved")
        elif args.action == "remove":
            if not store.remove_agent(args.login, int(time.time() * 1000)):
                return _fail(f"there is no agent {args.login!r}")
            print(f"agent {args.login!r} removed; its open conversations wait in the queue")
        else:
            for agent in store.agents():
                positions = agent.positions or settings.positions
                print(f"{agent.login}\t{agent.name}\t{agent.status}\t{positions} positions")
    except _PasswordError as exc:
        return _fail(str(exc))
    finally:
        store.close()
    return 0


class _PasswordError(ValueError):
    pass


def _password() -> str:
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise _PasswordError("the two passwords differ")
    if len(password) < MIN_PASSWORD:
        raise _PasswordError(f"a password has at least {MIN_PASSWORD} characters")
    return password


def _fail(reason: str) -> int:
    print(f"routing_service: {reason}", file=sys.stderr)
    return 2
