"""`microstep bench org`: see the module that fills this in."""

from __future__ import annotations
