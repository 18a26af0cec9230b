"""What tracking tells the apps above it (chasing: the people to notify), sent once the
transaction that did it has committed (``send_on_commit``): a rolled-back review notifies
nobody, and a receiver that fails is logged without undoing what was committed.

Each signal carries ``pk``, the id of the row it is about; chasing connects its receivers in
``ChasingConfig.ready``. Tracking knows nothing of notifications.

- ``report_submitted`` (``Report``): a unit sent its report for review.
- ``draft_waiting`` (``Report``): a staff member saved a draft for the unit head to send.
- ``report_reviewed`` (``Report``): the Office accepted or returned a report.
- ``extension_requested`` (``ExtensionRequest``): a unit asked for more time.
- ``extension_decided`` (``ExtensionRequest``): the request was approved or rejected.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

report_submitted = Signal()
draft_waiting = Signal()
report_reviewed = Signal()
extension_requested = Signal()
extension_decided = Signal()


def send_on_commit(signal: Signal, sender: type, pk: int) -> None:
    """Send ``signal`` about row ``pk`` after the current transaction commits (at once outside
    one); an exception in a receiver is logged by ``on_commit(robust=True)``."""
    transaction.on_commit(lambda: signal.send(sender=sender, pk=pk), robust=True)
