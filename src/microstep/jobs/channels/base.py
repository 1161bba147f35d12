"""What every notification channel is: something that sends one delivery or says why not."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from microstep.services.reminders_schemas import DeliveryOut


class ChannelError(Exception):
    """A send that did not succeed, with the reason in one sentence."""


class Retryable(ChannelError):
    """Nothing was delivered and trying later may work (connection refused, 4xx mail, 5xx)."""


class Permanent(ChannelError):
    """Nothing was delivered and trying again will not help (address or request refused)."""


class Uncertain(ChannelError):
    """The send broke off after the message may have arrived: resending could duplicate it."""


class Channel(ABC):
    """One way to reach a person; `send` returns once the far side accepted the delivery."""

    name: ClassVar[str]

    @abstractmethod
    def send(self, delivery: DeliveryOut) -> None:
        """Send it, or raise Retryable, Permanent or Uncertain."""
