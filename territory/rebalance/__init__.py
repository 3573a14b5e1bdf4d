"""Rebalancing an existing partition: the fewest moves that restore the tolerances, and
lower bounds on how few any plan can make."""
