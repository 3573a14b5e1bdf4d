"""The CRM service loop: interactions against the class plan, cases with their clocks,
surveys (KANO, importance–satisfaction), incentive points and the area team's actions.

Pure engines here take plain data; `care.service` reads the graph, calls them and writes.
"""
