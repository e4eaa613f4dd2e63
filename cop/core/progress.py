"""A small text progress bar for management commands."""

from __future__ import annotations

import sys
from typing import TextIO

from django.core.management.base import OutputWrapper

MILESTONES = (0, 25, 50, 75, 100)


class ProgressBar:
    """Redraws one line on a terminal; elsewhere prints a line at each quarter."""

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO | OutputWrapper | None = None,
        width: int = 30,
    ):
        self.label = label
        self.stream = stream or sys.stdout
        self.width = width
        self._last_percent = -1
        self._interactive = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: int) -> None:
        percent = 100 if total == 0 else done * 100 // total
        if percent == self._last_percent:
            return
        crossed = any(self._last_percent < m <= percent for m in MILESTONES) or (
            percent == 0 and self._last_percent < 0
        )
        if not self._interactive and not crossed:
            return
        self._last_percent = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if percent == 100 or not self._interactive else ""
        prefix = "\r" if self._interactive else ""
        text = f"{prefix}{self.label} [{bar}] {percent:3d}% ({done}/{total}){end}"
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
