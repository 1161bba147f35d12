"""The one settings object: environment variables with the prefix MICROSTEP_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from microstep.errors import ConfigError


def default_data_dir() -> Path:
    """Where personal-mode files live unless MICROSTEP_DATA_DIR says otherwise."""
    return Path(user_data_dir("microstep", appauthor=False))


class Settings(BaseSettings):
    """Every knob of microstep; defaults run on SQLite with no setup."""

    model_config = SettingsConfigDict(env_prefix="MICROSTEP_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; a SQLite file in the data dir when unset.",
    )
    goal_horizon_days: int = Field(default=14, ge=1, le=366)
    max_active_goals: int = Field(default=5, ge=1, le=50)
    effort_cap_hours: float = Field(default=6.0, gt=0, le=200)
    max_active_microskills: int = Field(default=3, ge=1, le=20)
    streak_forgive_days: int = Field(default=1, ge=0, le=6)
    host: str = Field(default="127.0.0.1", description="Interface `microstep serve` listens on.")
    allowed_hosts: list[str] = Field(
        default=["127.0.0.1", "localhost"],
        description="Host names the server answers to; guards the login-free UI against DNS "
        "rebinding. Serving on another interface adds it (0.0.0.0 allows any).",
    )
    port: int = Field(default=8000, ge=1, le=65535, description="Port of `serve` and `demo`.")

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        if "://" in value and not value.startswith(("sqlite", "postgres")):
            raise ValueError("must be a SQLite file path or a sqlite:// or postgresql:// URL")
        return value

    def resolved_database_url(self) -> str:
        """The URL storage opens: the setting, or the default SQLite file (making its folder)."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'microstep.sqlite'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Load settings once, turning a bad environment into one clear sentence."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "MICROSTEP_" + str(first["loc"][0]).upper()
        raise ConfigError(f"Setting {name} is invalid: {first['msg']}.") from exc
