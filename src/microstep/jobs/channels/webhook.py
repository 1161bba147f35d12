"""Reminders by webhook: a Slack-compatible `{"text": ...}` JSON POST to the person's URL."""

from __future__ import annotations

import http.client
import json
import urllib.error
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

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(_NoRedirects())

    def send(self, delivery: DeliveryOut) -> None:
        """POST the JSON; 2xx is success, 5xx and 429 are retried, other answers are final."""
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
    """The Slack-compatible message: the subject in bold, then the body."""
    return {"text": f"*{delivery.subject}*\n{delivery.body}"}


def _answer(code: int, reason: object) -> ChannelError:
    if code >= 500 or code == 429:
        return Retryable(f"The webhook answered {code} {reason}; trying again later.")
    return Permanent(f"The webhook refused the reminder: {code} {reason}.")
