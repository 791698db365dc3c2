"""``python -m load``: Instagram users under Locust against a system under test, then the
summary (deliveries, failures, retries, ack and shown-to-agent percentiles, lost and
duplicated messages). Exits 1 when the system under test lost or doubled a message, 2 when
the run could not start.

    python -m load [--mode sim|direct] [--users 8] [--seconds 30] [--workers 2]
        [--sut-config harness.toml] [--sut-url URL --callback-url URL] [--kept-url URL]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from load.runner import Options, run

DESCRIPTION = (
    "Instagram users under Locust against a system under test, through Meta's simulator or "
    "signing webhooks themselves; then the summary."
)


def parse(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m load", description=DESCRIPTION)
    parser.add_argument(
        "--mode",
        choices=("sim", "direct"),
        default="sim",
        help="sim: through the simulator (Meta signs, delivers, retries); "
        "direct: workers sign bodies and POST them to the webhook",
    )
    parser.add_argument("--users", type=int, default=8, help="Instagram users (default 8)")
    parser.add_argument(
        "--seconds",
        type=float,
        default=30.0,
        help="the longest run (default 30); it ends earlier once every user made its --max-actions",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="Locust workers beside a master; 0 = one process (default 2)",
    )
    parser.add_argument(
        "--rate", dest="rate_per_user", type=float, default=4.0, help="actions/s a user (default 4)"
    )
    parser.add_argument(
        "--max-actions",
        dest="max_actions_per_user",
        type=int,
        default=200,
        help="a user stops after this many; the run ends once all have (default 200)",
    )
    parser.add_argument(
        "--sut-config", type=Path, help="a harness.toml (default: the reference service's)"
    )
    parser.add_argument("--sut-url", help="the app already runs there: start nothing")
    parser.add_argument("--callback-url", help="its webhook callback (with --sut-url)")
    parser.add_argument(
        "--kept-url",
        help='a URL (or a path on the app\'s URL) answering {"mids": [...]}: what the app kept',
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="journals, logs and summary.json go here")
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0 or args.workers < 0 or args.rate_per_user <= 0:
        parser.error("--users, --seconds and --rate must be positive, --workers 0 or more")
    return Options(**vars(args))


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
    try:
        summary = run(options)
    except Exception as exc:  # a clear line, not a traceback, for a run that could not start
        print(f"load run failed: {exc}", file=sys.stderr)
        return 2
    print("\n".join(summary.lines()))
    books = summary.accounting
    if books.lost or books.duplicated:
        print(
            f"load run: the system under test lost {books.lost} and doubled "
            f"{books.duplicated} of {books.sent} messages",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
