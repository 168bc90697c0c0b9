"""The build's timestamp: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""

from __future__ import annotations

import os
from datetime import datetime, timezone


def build_time() -> datetime:
    """When this build happened, in UTC, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)
