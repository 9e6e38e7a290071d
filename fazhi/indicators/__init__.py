"""统计指标: named, defined figures over (period, unit subtree), each drilling down to its records.

registry.py declares them (each register's indicators.py registers its own), compute.py computes
them in SQL, models.py and actions.py hold the settings that change them, views.py and the
`indicators` command show them.
"""
