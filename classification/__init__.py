"""Retailer classification (DOMAIN.md §6): tiers, grades, value, points, life cycle and
the service policy, as pure rules and one service that stores them."""
