"""E-mail sending with a hand-over checkpoint, for exactly-once notification mails.

An SMTP server accepts a mail when it receives the end of the DATA section (the line
with a single dot) and then answers "250". A sender that dies after the body but before
that dot leaves nothing behind (the server discards an unfinished DATA section); one that
dies after the dot may have delivered the mail without ever hearing the answer.

``send_with_checkpoint`` runs a callback (``checkpoint``) after the body has been written
to the connection and right before that dot. The notification sender records the
hand-over there, in the database: a mail without a recorded hand-over was certainly not
delivered and can be sent again; one with a hand-over is never sent again. The only
moment that can still lose a mail is the few microseconds between the database commit
and the dot leaving for the server; nothing can be duplicated.

Backends without SMTP (console, locmem, file) just run the checkpoint, then send.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import socket
from collections.abc import Callable

from django.core.mail import EmailMessage
from django.core.mail.backends import smtp

CRLF = b"\r\n"
_LONE_LINE_ENDS = re.compile(rb"(?:\r\n|\n|\r(?!\n))")
_LEADING_DOTS = re.compile(rb"(?m)^\.")


class NotAccepted(Exception):
    """The mail was certainly not accepted, although the checkpoint had run."""


class _HandOverMixin:
    """``data()`` of smtplib, with ``before_end_of_data`` called before the final dot."""

    before_end_of_data: Callable[[], None] | None = None

    def _get_socket(self, host, port, timeout):
        # The body and the final dot are two writes followed by a read: with Nagle's
        # algorithm and the server's delayed ACK that costs ~40 ms per mail on a kept-open
        # connection. Send at once instead.
        sock = super()._get_socket(host, port, timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def data(self, msg):
        callback = self.before_end_of_data
        if callback is None:
            return super().data(msg)
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        if isinstance(msg, str):
            msg = msg.encode("ascii")
        body = _LEADING_DOTS.sub(b"..", _LONE_LINE_ENDS.sub(CRLF, msg))
        if not body.endswith(CRLF):
            body += CRLF
        self.send(body)
        callback()  # may raise: the caller then drops the connection, nothing is sent
        self.send(b"." + CRLF)
        return self.getreply()


class HandOverSMTP(_HandOverMixin, smtplib.SMTP):
    pass


class HandOverSMTPSSL(_HandOverMixin, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    """Django's SMTP backend (same settings), plus ``send_with_checkpoint``."""

    @property
    def connection_class(self):
        return HandOverSMTPSSL if self.use_ssl else HandOverSMTP

    def drop(self) -> None:
        """Forget the connection without a QUIT (it may be in the middle of DATA, where a
        QUIT would become part of the mail): the server discards what it got."""
        if self.connection is not None:
            with contextlib.suppress(Exception):  # it is being thrown away
                self.connection.close()
        self.connection = None

    def send_with_checkpoint(self, message: EmailMessage, checkpoint: Callable[[], None]):
        """Send one message on the open (or a new) connection, calling ``checkpoint``
        right before the server can accept it. Raises what sending raised; after an
        error that is not about the recipients the connection is dropped, so the next
        call opens a fresh one."""
        with self._lock:
            self.open()
            self.connection.before_end_of_data = checkpoint
            try:
                self._send(message)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused):
                # The server refused before DATA and reset the transaction: usable.
                self.connection.before_end_of_data = None
                raise
            except smtplib.SMTPResponseException as exc:
                # A reply that is not "250": the server refused this mail.
                self.drop()
                raise NotAccepted(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
            except BaseException:
                self.drop()
                raise
            self.connection.before_end_of_data = None


def send_with_checkpoint(message: EmailMessage, connection, checkpoint: Callable[[], None]):
    """Send ``message`` on ``connection``; ``checkpoint`` runs at the last moment before
    the mail can be accepted (see the module docstring)."""
    if hasattr(connection, "send_with_checkpoint"):
        connection.send_with_checkpoint(message, checkpoint)
        return
    checkpoint()
    message.connection = connection
    try:
        message.send()
    except Exception as exc:  # not an SMTP server: an error means nothing was sent
        raise NotAccepted(repr(exc)) from exc
