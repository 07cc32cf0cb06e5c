"""Teduh: vetted mental-health information for teenagers in Indonesia."""

__version__ = "0.1.0"
