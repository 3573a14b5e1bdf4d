"""Infrastructure settings, read from the environment (``CRM_*``, ``NEO4J_*``) when built."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.database import Neo4jCredentials

DEFAULT_STORE = "ladybug:///./var/graph"
DEFAULT_WEB_DIR = Path(__file__).resolve().parent / "static"
"""Where `npm run build` puts the web pages (inside the package, so installs carry them)."""


class Settings(BaseSettings):
    """Where the graph lives and how to log in; build one in `main()` or `create_app()`."""

    model_config = SettingsConfigDict(env_prefix="CRM_", extra="ignore")

    store: str = DEFAULT_STORE
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "CRM_NEO4J_USER"))
    neo4j_password: str = Field(
        "", validation_alias=AliasChoices("NEO4J_PASSWORD", "CRM_NEO4J_PASSWORD")
    )
    neo4j_database: str = Field(
        "neo4j", validation_alias=AliasChoices("NEO4J_DATABASE", "CRM_NEO4J_DATABASE")
    )
    secret: SecretStr | None = None
    """The token-signing secret (env CRM_SECRET); else read from `secret_file`."""
    secret_file: Path | None = None
    """Where the signing secret is kept (default: crm.secret beside an embedded store)."""
    token_minutes: int = Field(30, ge=1, le=24 * 60)
    """How long a signed-in user's token lasts."""
    web_dir: Path = DEFAULT_WEB_DIR
    """The built web pages served at ``/`` (env CRM_WEB_DIR): index.html and assets/."""
    case_sweep_s: float = Field(30.0, ge=0)
    """How often the server raises the case clocks' due alerts (env CRM_CASE_SWEEP_S); 0: never."""

    @property
    def neo4j_credentials(self) -> Neo4jCredentials:
        return Neo4jCredentials(self.neo4j_user, self.neo4j_password, self.neo4j_database)
