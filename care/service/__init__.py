"""Services of the service loop: each takes a session, the acting principal and the time."""
