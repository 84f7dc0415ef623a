"""Two-layer ReLU teacher-student networks (Safran & Shamir, ICML 2018).

Modules: :mod:`.loss` (closed-form population loss, gradient, Hessian),
:mod:`.descent` (the batched gradient-descent protocol), :mod:`.sweep`
(seeded tasks over (k, n)), :mod:`.families` (grouping runs up to
permutation), :mod:`.polish` (Newton steps), :mod:`.certify` (kernel
statements and box certificates), :mod:`.points` (shipped candidate points),
:mod:`.rates` (shares of spurious runs against the derived table),
:mod:`.figures` (rate against k), :mod:`.vectors` (the test points of the
pattern in Safran & Shamir's Example 1). See ``docs/twolayer.md``.
"""

from .loss import gradient, hessian, population_loss

__all__ = ["population_loss", "gradient", "hessian"]
