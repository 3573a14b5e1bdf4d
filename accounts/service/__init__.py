"""Account services: users and API keys (administrators manage them) and the principal a
sign-in, a token's user or a key acts as."""
