"""Network analytics of relgraph: pure functions over graphs and plain records.

Nothing here reads a database, keeps state between calls or holds a cache:
every function is a function of its arguments, so it can be tested on
hand-made graphs and run in worker threads side by side.  One algorithm
family per module: :mod:`algorithms.projection` turns a store export into
people graphs, :mod:`algorithms.coverage_input` into an account's records,
:mod:`algorithms.influence` holds the influence measures, and each other
module one analysis.  The analytics service that feeds them (store reads,
the projection kept current, caches, the worker pool) is
:mod:`api.analytics`.

Import from the module that holds a function (``from
algorithms.coverage_gaps import coverage_gaps``): each module's ``__all__``
names what it offers.
"""
