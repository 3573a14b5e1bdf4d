"""Infrastructure settings, read from the environment (``CRM_*``, ``NEO4J_*``) when built."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.database import Neo4jCredentials

DEFAULT_STORE = "ladybug:///./var/graph"


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

    @property
    def neo4j_credentials(self) -> Neo4jCredentials:
        return Neo4jCredentials(self.neo4j_user, self.neo4j_password, self.neo4j_database)
