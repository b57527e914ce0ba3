"""redprop: a case tracker for the mediation desks of 红色物业 sites."""

__version__ = "0.1.0"
