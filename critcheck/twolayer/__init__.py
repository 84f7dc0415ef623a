"""Two-layer ReLU teacher-student networks (Safran & Shamir, ICML 2018).

Modules: :mod:`.loss` (closed-form population loss, gradient, Hessian),
:mod:`.descent` (the batched gradient-descent protocol), :mod:`.families`
(grouping runs up to permutation), :mod:`.certify` (interval certificates
for the trusted kernel), :mod:`.rates` (shares of spurious runs against the
derived table), :mod:`.vectors` (the anchor's test points).
"""

from .loss import gradient, hessian, population_loss

__all__ = ["population_loss", "gradient", "hessian"]
