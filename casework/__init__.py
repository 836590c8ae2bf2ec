"""Casework: anti-social behaviour case management driven by the landlord's own policy pack."""

__version__ = "0.1.0"
