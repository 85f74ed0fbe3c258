"""The one error that ends the reading of a file: reported as FILE-UNREADABLE, exit status 2."""

from __future__ import annotations


class FileUnreadable(Exception):
    """A file that cannot be read at all: reported as FILE-UNREADABLE, exit status 2."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
