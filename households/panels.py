"""Sections that apps above the register add to the household page.

The register knows nothing of sub-projects; the projects app registers a panel (the
supports a household received) from its AppConfig.ready(), and the household page
renders whatever panels are registered, in order.
"""

from collections.abc import Callable

_PANELS: list[Callable] = []


def register(panel: Callable) -> None:
    """`panel(household, user)` returns a dict with "template" and what the template reads."""
    _PANELS.append(panel)


def for_household(household, user) -> list[dict]:
    return [panel(household, user) for panel in _PANELS]
