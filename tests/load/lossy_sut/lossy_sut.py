"""A deliberately lossy system under test for the load tests: answers Meta's handshake,
takes signed webhook POSTs with a 200, but forgets every ``--drop-every``-th body that
carries a new message (so a run with that many messages is sure to lose one), keeps
every ``--duplicate-every``-th message twice, and answers every ``--fail-every``-th POST
with a 500 (keeping nothing: Meta retries it). ``GET /kept`` lists what it kept
(``{"mids": [...]}``), ``GET /stats`` what it dropped and doubled, so a test can check the
load run's accounting against the stub's own. Standard library only (its own process)."""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Books:
    def __init__(self, drop_every: int, duplicate_every: int, fail_every: int = 0) -> None:
        self.drop_every, self.duplicate_every = drop_every, duplicate_every
        self.fail_every, self.posts, self.failed = fail_every, 0, 0
        self.lock = threading.Lock()
        self.bodies = self.message_bodies = self.messages = 0
        self.kept: list[str] = []
        self.dropped: list[str] = []  # message mids of the forgotten bodies
        self.doubled = 0

    def take(self, mids: list[str]) -> None:
        with self.lock:
            self.bodies += 1
            self.message_bodies += bool(mids)
            if mids and self.drop_every and self.message_bodies % self.drop_every == 0:
                self.dropped += mids
            else:
                for mid in mids:
                    self.messages += 1
                    self.kept.append(mid)
                    if self.duplicate_every and self.messages % self.duplicate_every == 0:
                        self.kept.append(mid)
                        self.doubled += 1
            self.save()

    def refuse(self) -> bool:
        """True for every ``fail_every``-th POST: answered 500, nothing kept."""
        with self.lock:
            self.posts += 1
            if self.fail_every and self.posts % self.fail_every == 0:
                self.failed += 1
                self.save()
                return True
            return False

    def stats(self) -> dict:
        return {
            "bodies": self.bodies,
            "dropped": list(self.dropped),
            "doubled": self.doubled,
            "failed": self.failed,
        }

    def save(self) -> None:
        """``LOSSY_STATS_FILE``: the books on disk too, for a test to read after the stub ends."""
        where = os.environ.get("LOSSY_STATS_FILE")
        if where:
            with open(where + ".tmp", "w") as out:
                json.dump(self.stats(), out)
            os.replace(where + ".tmp", where)


def new_message_mids(body: dict) -> list[str]:
    return [
        event["message"]["mid"]
        for entry in body.get("entry", [])
        for event in entry.get("messaging", [])
        if "message" in event
        and not event["message"].get("is_deleted")
        and not event["message"].get("is_echo")
    ]


def handler(books: Books, secret: str | None, verify_token: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self, status: int, body: str | dict, kind: str = "application/json") -> None:
            data = (json.dumps(body) if isinstance(body, dict) else body).encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/webhook":
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if query.get("hub.verify_token") == verify_token:
                    self._answer(200, query.get("hub.challenge", ""), "text/plain")
                else:
                    self._answer(403, "wrong verify token", "text/plain")
            elif url.path == "/kept":
                with books.lock:
                    self._answer(200, {"mids": list(books.kept)})
            elif url.path == "/stats":
                with books.lock:
                    self._answer(200, books.stats())
            else:
                self._answer(200, {"status": "lossy stub"})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if secret is not None:
                want = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
                if not hmac.compare_digest(want, self.headers.get("X-Hub-Signature-256", "")):
                    self._answer(403, {"error": "bad signature"})
                    return
            if books.refuse():
                self._answer(500, {"error": "refused on purpose"})
                return
            books.take(new_message_mids(json.loads(raw)))
            self._answer(200, {"received": True})

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--drop-every", type=int, default=10)
    parser.add_argument("--duplicate-every", type=int, default=0)
    parser.add_argument("--fail-every", type=int, default=0)
    parser.add_argument("--app-secret", help="verify X-Hub-Signature-256 with it")
    parser.add_argument("--verify-token", default="lossy-verify")
    args = parser.parse_args()
    books = Books(args.drop_every, args.duplicate_every, args.fail_every)
    server = ThreadingHTTPServer(
        ("127.0.0.1", args.port), handler(books, args.app_secret, args.verify_token)
    )
    server.serve_forever()


if __name__ == "__main__":
    main()
