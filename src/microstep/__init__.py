"""microstep: careers that grow by small, measured steps."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("microstep")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+source"

from microstep.taxonomy.sources import attributions

ATTRIBUTIONS: tuple[str, ...] = tuple(attributions())
"""Data attributions printed by `microstep --version`, as the shipped taxonomies ask."""
