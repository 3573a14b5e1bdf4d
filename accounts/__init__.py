"""Accounts: people who sign in with a password, programs with an API key, the lockout
after failed sign-ins, and the principal each acts as."""
