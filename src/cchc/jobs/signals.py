"""``job_finished``: a background job ended (sent by ``Runner.finish``, outside any transaction).

Keyword arguments: ``job``, ``ok`` (done or failed), ``title``, ``message``, ``url`` (its page)
and ``notify`` (the notification kind for the person who asked; "" for none). The chasing app
turns it into that person's notification; the jobs app knows nothing of notifications."""

from django.dispatch import Signal

job_finished = Signal()
