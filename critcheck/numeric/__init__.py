"""Numeric landscape engine: what cannot be proved exactly is measured, with its resolution.

Modules (one capability each; see ``docs/numeric.md``):

``backend``      array namespaces (NumPy, CuPy when a GPU is usable, array-api-strict)
``compile``      SymPy loss -> chunked, overflow-aware vectorised function
``samplers``     grids, uniform / Sobol boxes, Gaussians, user points (seeded)
``graphs``       grid and k-NN sample graphs; edge levels checked along segments
``persistence``  0-dim sublevel persistence (merge tree), Numba kernels
``sublevel``     components at every level, spurious valleys (seed 003 Def. IV.2)
``critical``     multistart critical points, Hessian index, exact re-check
``divergence``   minima at infinity: gradient flow that runs off while the loss decreases
"""
