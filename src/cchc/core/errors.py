"""The one base class of the errors a person causes and is shown.

Each capability raises its own kind (a plan that cannot be read, an import refused, a report
refused, a file of dossiers that cannot be read, an API answer other than success); they all
derive from :class:`UserError`, so a caller that only shows the message can catch the base.
Errors the system causes are not of this kind: they are logged, never shown as they are.
"""

from __future__ import annotations

__all__ = ["UserError"]


class UserError(Exception):
    """A refusal a person caused; ``message`` is meant for them: Vietnamese, and it says what
    to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
