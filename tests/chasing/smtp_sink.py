"""A tiny SMTP server for the tests: accepts every message and keeps it in memory.

Python 3.12 has no ``smtpd`` and ``aiosmtpd`` is not installed, so this speaks just enough
SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for ``smtplib`` and Django's SMTP
backend, on a thread, on 127.0.0.1 and a free port.
"""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[return-value]


@dataclass
class _State:
    messages: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    fail_next: int = 0  # answer the next N DATA commands with a 451 (a server in trouble)


class _Handler(socketserver.StreamRequestHandler):
    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        state: _State = self.server.state  # type: ignore[attr-defined]
        self._reply("220 sink.test ESMTP ready")
        mail_from, rcpt = "", []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("ascii", "replace").rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._reply("250-sink.test")
                self._reply("250-8BITMIME")
                self._reply("250-SMTPUTF8")
                self._reply("250 SIZE 10485760")
            elif verb == "HELO":
                self._reply("250 sink.test")
            elif verb == "MAIL":
                mail_from, rcpt = line.split(":", 1)[1].split()[0].strip("<>"), []
                self._reply("250 OK")
            elif verb == "RCPT":
                rcpt.append(line.split(":", 1)[1].split()[0].strip("<>"))
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data()
                with state.lock:
                    if state.fail_next > 0:
                        state.fail_next -= 1
                        self._reply("451 Temporary failure, try again later")
                        continue
                    state.messages.append(Received(mail_from, list(rcpt), data))
                self._reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                mail_from, rcpt = ("", []) if verb == "RSET" else (mail_from, rcpt)
                self._reply("250 OK")
            elif verb == "QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("502 Command not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while True:
            raw = self.rfile.readline()
            if not raw or raw in (b".\r\n", b".\n"):
                break
            if raw.startswith(b".."):  # dot-stuffing
                raw = raw[1:]
            lines.append(raw)
        return b"".join(lines)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPSink:
    """``with SMTPSink() as sink:`` … ``sink.port``, ``sink.messages``."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.state = _State()  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def state(self) -> _State:
        return self._server.state  # type: ignore[attr-defined]

    @property
    def messages(self) -> list[Received]:
        with self.state.lock:
            return list(self.state.messages)

    def __enter__(self) -> SMTPSink:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
