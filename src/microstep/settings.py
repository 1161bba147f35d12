"""The one settings object: environment variables with the prefix MICROSTEP_."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
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
    mode: Literal["personal", "team"] = Field(
        default="personal",
        description="personal: one local person, no login. team: accounts, roles and privacy "
        "scopes for an organization, on PostgreSQL.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Signs flash cookies; team mode refuses to start without one of 32+ "
        "characters (for example `python -c 'import secrets; print(secrets.token_urlsafe())'`).",
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The address people reach the server at; used in invite links and emails.",
    )
    cookie_secure: bool = Field(
        default=True,
        description="Team mode sends its session cookie over HTTPS only; turn off only for a "
        "plain-HTTP test server.",
    )
    session_days: int = Field(default=14, ge=1, le=365, description="How long a sign-in lasts.")
    login_attempts: int = Field(
        default=5,
        ge=1,
        le=1000,
        description="Failed sign-ins allowed per account in 15 minutes before further attempts "
        "wait (ten times as many per client address, which an office may share).",
    )
    smtp_host: str | None = Field(
        default=None, description="Mail server the reminders worker sends through (none: no email)."
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Port of the mail server.")
    smtp_username: str | None = Field(default=None, description="Mail server login, if any.")
    smtp_password: SecretStr | None = Field(default=None, description="Mail server password.")
    smtp_starttls: bool = Field(default=False, description="Upgrade the mail connection to TLS.")
    webhook_private_hosts: bool = Field(
        default=False,
        description="Let reminder webhooks reach loopback and private addresses (an in-house "
        "chat server); off, a person's webhook can only reach the public internet.",
    )
    mail_from: str = Field(
        default="microstep <microstep@localhost>", description="Sender of reminder emails."
    )

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        if "://" in value and not value.startswith(("sqlite", "postgres")):
            raise ValueError("must be a SQLite file path or a sqlite:// or postgresql:// URL")
        return value

    @model_validator(mode="after")
    def _team_mode_is_safe(self) -> Settings:
        if self.mode != "team":
            return self
        secret = self.secret_key.get_secret_value() if self.secret_key else ""
        if len(secret) < 32 or len(set(secret)) < 8 or "change" in secret.lower():
            raise ValueError(
                "team mode needs MICROSTEP_SECRET_KEY set to a random value of 32+ characters"
            )
        if not (self.database_url or "").startswith("postgres"):
            raise ValueError("team mode needs MICROSTEP_DATABASE_URL to name a PostgreSQL database")
        return self

    @property
    def team(self) -> bool:
        """True when the server serves an organization (accounts, roles, privacy scopes)."""
        return self.mode == "team"

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
        if not first["loc"]:  # a rule across settings, such as team mode's
            message = str(first["msg"]).removeprefix("Value error, ")
            raise ConfigError(f"Settings are invalid: {message}.") from exc
        name = "MICROSTEP_" + str(first["loc"][0]).upper()
        raise ConfigError(f"Setting {name} is invalid: {first['msg']}.") from exc
