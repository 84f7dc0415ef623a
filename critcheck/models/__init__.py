"""Network families of the seeds, with exact gradients for any array backend.

* :class:`MLP` -- fully connected nets with any activation (seed 003 eq. (1)),
  :func:`deep_linear` (eq. (3)), :func:`one_hidden_layer` (Claim IV.1);
  NTK matrices ``G`` and ``K`` (eqs. (5)-(6));
* :class:`LinearResNet` -- :math:`\\prod_k (I + W_k)` (seed 002, Hardt & Ma);
* :class:`AugmentedNet` -- exponential neuron(s) with :math:`\\lambda a^2/2`
  (seed 003 eq. (7); seed 001);
* :class:`ReQUNet` -- ReQU net with the regulariser of eq. (8);
* :class:`Objective` -- a loss bound to data: value, gradient, HVP, Hessian.
"""

from .activations import ACTIVATIONS, Activation, get_activation
from .augmented import AugmentedNet, ReQUNet
from .losses import LOSSES, Loss, get_loss
from .mlp import MLP, deep_linear, one_hidden_layer
from .objective import Objective
from .resnet import LinearResNet, chain_gradients

__all__ = [
    "ACTIVATIONS", "Activation", "AugmentedNet", "LOSSES", "LinearResNet", "Loss", "MLP",
    "Objective", "ReQUNet", "chain_gradients", "deep_linear", "get_activation", "get_loss",
    "one_hidden_layer",
]
