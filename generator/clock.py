"""The build's timestamp: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone

LATEST = 253402300799  # 9999-12-31T23:59:59Z: the last second a document date can hold


def epoch_problem() -> str:
    """Why SOURCE_DATE_EPOCH cannot be used, or '' (it is unset or a valid time)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or (re.fullmatch(r"[0-9]+", epoch.strip()) and int(epoch) <= LATEST):  # not '²', not '٣'
        return ""
    return f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {epoch!r}"


def build_time() -> datetime:
    """When this build happened, in UTC, to the second."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not epoch_problem():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)
