"""Graph services: the whole graph, areas, retailers, governed edits and principals.

Only these modules (and the other packages' `service` modules) touch a session.
"""
