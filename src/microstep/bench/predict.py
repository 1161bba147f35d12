"""`microstep bench predict`: see the module that fills this in."""

from __future__ import annotations
