"""Reminders by email over SMTP (settings.smtp_*), one message per delivery."""

from __future__ import annotations

import contextlib
import hashlib
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import ClassVar

from microstep.jobs.channels.base import Channel, ChannelError, Permanent, Retryable, Uncertain
from microstep.services.reminders_schemas import DeliveryOut
from microstep.settings import Settings

TIMEOUT = 30.0


class EmailChannel(Channel):
    """Sends through the configured mail server; nothing is queued locally."""

    name: ClassVar[str] = "email"

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host:
            raise ValueError("email needs MICROSTEP_SMTP_HOST")
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.username = settings.smtp_username
        self.password = settings.smtp_password.get_secret_value() if settings.smtp_password else ""
        self.starttls = settings.smtp_starttls
        self.sender = settings.mail_from

    def send(self, delivery: DeliveryOut) -> None:
        """Connect, greet, log in if asked, then hand over the message."""
        message = self.message(delivery)
        try:
            client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        except (OSError, smtplib.SMTPException) as exc:
            raise _before_sending(exc, f"{self.host}:{self.port}") from exc
        try:
            self._hand_over(client, message)
        finally:
            client.close()

    def _hand_over(self, client: smtplib.SMTP, message: EmailMessage) -> None:
        try:
            self._open(client)
        except (OSError, smtplib.SMTPException) as exc:
            raise _before_sending(exc, f"{self.host}:{self.port}") from exc
        try:
            client.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise _while_sending(exc) from exc
        with contextlib.suppress(OSError, smtplib.SMTPException):
            client.quit()  # the message was accepted; a rude goodbye changes nothing

    def _open(self, client: smtplib.SMTP) -> None:
        client.ehlo_or_helo_if_needed()
        if self.starttls:
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if self.username:
            client.login(self.username, self.password)

    def message(self, delivery: DeliveryOut) -> EmailMessage:
        """The email of a delivery; its Message-ID comes from the dedupe key, so a mail system
        that sees the same reminder twice can tell."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = delivery.address
        message["Subject"] = delivery.subject
        message["Date"] = formatdate(localtime=True)
        message["Message-ID"] = message_id(delivery.dedupe_key, self.sender)
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
        message.set_content(delivery.body)
        return message


def message_id(dedupe_key: str, sender: str) -> str:
    """A stable Message-ID for a reminder: the key's hash at the sender's domain."""
    address = parseaddr(sender)[1]
    domain = address.rpartition("@")[2] or "microstep.local"
    digest = hashlib.sha256(dedupe_key.encode("utf-8")).hexdigest()[:32]
    return f"<{digest}@{domain}>"


def _before_sending(exc: Exception, where: str) -> ChannelError:
    """Nothing was handed over yet: retry unless the server refused us for good."""
    code = getattr(exc, "smtp_code", None)
    if isinstance(code, int) and 500 <= code < 600:
        return Permanent(f"The mail server {where} refused: {code} {_text(exc)}")
    return Retryable(f"Cannot reach the mail server {where}: {_text(exc)}")


def _while_sending(exc: Exception) -> ChannelError:
    """A refusal with a code means nothing was accepted; a broken connection leaves it unknown."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        retry = any(400 <= code < 500 for code in codes)
        kind: type[ChannelError] = Retryable if retry else Permanent
        return kind(f"The mail server refused the recipient: {codes}")
    code = getattr(exc, "smtp_code", None)
    if isinstance(code, int) and 400 <= code < 500:
        return Retryable(f"The mail server asked to try later: {code} {_text(exc)}")
    if isinstance(code, int) and code >= 500:
        return Permanent(f"The mail server refused the message: {code} {_text(exc)}")
    return Uncertain(f"The mail connection broke off mid-send: {_text(exc)}")


def _text(exc: Exception) -> str:
    error = getattr(exc, "smtp_error", None)
    if isinstance(error, bytes):
        return error.decode("utf-8", "replace")
    return str(exc) or type(exc).__name__
