"""Benchmark commands (`crm bench ...`): they print figures and are never collected by pytest."""
