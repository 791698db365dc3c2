"""Structured logs: one JSON object per line (or plain text), secrets never written.

Every record passes through ``redact``: query parameters and fields that carry secrets
(``hub.verify_token``, ``access_token``, ``appsecret_proof``, passwords), ``Bearer`` values
and Meta token shapes (``IGAA...``, ``EAA...``) become ``***``, in the message and its
arguments, uvicorn's access log included (a handshake's URL carries the verify token). Message
text is never logged at info level by the service (only ids, counts and kinds).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from typing import Any

__all__ = ["JsonFormatter", "configure_logging", "redact"]

_SECRET_PARAM = re.compile(
    r"((?:hub\.verify_token|verify_token|access_token|appsecret_proof|password|secret|"
    r"session_secret|csrf_token)[\"']?\s*[=:]\s*[\"']?)([^&\s\"',;]+)",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(Bearer\s+)[^\s\"',;]+", re.IGNORECASE)
_META_TOKEN = re.compile(r"\b(?:IGAA|IGQV|EAA)[A-Za-z0-9_\-]{8,}")


def redact(text: str) -> str:
    text = _SECRET_PARAM.sub(r"\1***", text)
    text = _BEARER.sub(r"\1***", text)
    return _META_TOKEN.sub("***", text)


class _Redacting(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in args)
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["error"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str = "info", fmt: str = "json") -> None:
    """The root logger (uvicorn's loggers propagate to it) to stderr, redacted."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_Redacting())
    handler.setFormatter(
        JsonFormatter()
        if fmt == "json"
        else logging.Formatter("%(levelname)s %(name)s %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
