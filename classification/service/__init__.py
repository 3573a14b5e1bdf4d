"""Classification services: the only classification modules that touch a session."""
