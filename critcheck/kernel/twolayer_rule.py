"""Entry point of the ``interval_minimum`` rule for family ``twolayer`` (see :mod:`.twolayer`)."""
from .twolayer import check, variable_names  # noqa: F401
