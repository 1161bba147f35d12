"""Pure domain logic on plain dataclasses; imports nothing from the outer layers."""
