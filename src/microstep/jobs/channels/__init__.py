"""Notification channels, one module per kind, each a `Channel` (see base.py)."""

from __future__ import annotations

from microstep.jobs.channels.base import Channel, ChannelError, Permanent, Retryable, Uncertain
from microstep.jobs.channels.email import EmailChannel
from microstep.jobs.channels.webhook import WebhookChannel
from microstep.settings import Settings

__all__ = [
    "Channel",
    "ChannelError",
    "EmailChannel",
    "Permanent",
    "Retryable",
    "Uncertain",
    "WebhookChannel",
    "channels_for",
]


def channels_for(settings: Settings) -> dict[str, Channel]:
    """The channels these settings allow: email only with a mail server, webhooks always."""
    found: dict[str, Channel] = {
        "webhook": WebhookChannel(allow_private=settings.webhook_private_hosts)
    }
    if settings.smtp_host:
        found["email"] = EmailChannel(settings)
    return found
