"""Log lines as JSON (one object per line), for `backcheck serve` and its workers.

A module of its own, importing nothing of backcheck's: the serve command's supervisor sets up
logging with it and would otherwise import the whole HTTP layer (and the engine) for nothing.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

__all__ = ["JsonFormatter"]

#: Attributes every LogRecord has; anything else was passed in `extra` and is logged as a field
#: (except uvicorn's `color_message`, the message again with terminal colour codes).
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any `extra` fields.

    >>> record = logging.LogRecord("backcheck.access", logging.INFO, "", 0, "request", None,
    ...                            None)
    >>> record.status = 200
    >>> line = json.loads(JsonFormatter().format(record))
    >>> (line["level"], line["logger"], line["message"], line["status"])
    ('info', 'backcheck.access', 'request', 200)
    >>> record.color_message = "request, in colour"
    >>> "color_message" in json.loads(JsonFormatter().format(record))
    False
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
