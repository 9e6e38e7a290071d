"""The demo county's data (units.csv) and what the registers' demo loaders share (records.py).

No `load` here: `manage.py demo` runs the `load(today)` of each register app's demo module."""
