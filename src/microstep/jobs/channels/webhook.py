"""Reminders by webhook: a Slack-compatible `{"text": ...}` JSON POST to the person's URL."""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import ClassVar

from microstep.jobs.channels.base import Channel, ChannelError, Permanent, Retryable, Uncertain
from microstep.services.reminders_schemas import DeliveryOut

TIMEOUT = 15.0
MAX_READ = 10_000


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A webhook answers itself: a redirect would turn the POST into a GET elsewhere."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        """Follow no redirect (the 3xx surfaces as an HTTPError)."""
        return None


class WebhookChannel(Channel):
    """Posts the reminder's subject and body as one Slack message."""

    name: ClassVar[str] = "webhook"

    def __init__(self, *, allow_private: bool = False) -> None:
        self.opener = urllib.request.build_opener(_NoRedirects())
        self.allow_private = allow_private

    def send(self, delivery: DeliveryOut) -> None:
        """POST the JSON; 2xx is success, 5xx and 429 are retried, other answers are final."""
        if not self.allow_private:
            refuse_private(delivery.address)
        request = urllib.request.Request(
            delivery.address,
            data=json.dumps(payload(delivery)).encode("utf-8"),
            headers={
                "Content-Type": "application/json",
                "User-Agent": "microstep-reminders",
                "Idempotency-Key": delivery.dedupe_key,
            },
            method="POST",
        )
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                response.read(MAX_READ)
        except urllib.error.HTTPError as exc:
            raise _answer(exc.code, exc.reason) from exc
        except urllib.error.URLError as exc:  # raised before the request was fully written
            raise Retryable(f"Cannot reach the webhook: {exc.reason}") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise Uncertain(f"The webhook did not answer after the request: {exc}") from exc


def payload(delivery: DeliveryOut) -> dict[str, str]:
    """The Slack-compatible message: the subject in bold, then the body, with `&`, `<` and `>`
    escaped so a name or question can neither ping a channel nor disguise a link."""
    return {"text": f"*{slack_text(delivery.subject)}*\n{slack_text(delivery.body)}"}


def slack_text(text: str) -> str:
    """Text as Slack's message format reads it literally."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def refuse_private(url: str) -> None:
    """Refuse a webhook whose host resolves to a loopback, private, link-local or otherwise
    internal address: a person's URL must not reach the organization's own network."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise Retryable(f"Cannot resolve the webhook's host {host}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise Permanent(
                f"The webhook's host {host} is an internal address ({address}); set "
                "MICROSTEP_WEBHOOK_PRIVATE_HOSTS=true to allow in-house servers."
            )


def _answer(code: int, reason: object) -> ChannelError:
    if code >= 500 or code == 429:
        return Retryable(f"The webhook answered {code} {reason}; trying again later.")
    return Permanent(f"The webhook refused the reminder: {code} {reason}.")
