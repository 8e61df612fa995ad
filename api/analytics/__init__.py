"""The I/O side of relgraph's analytics.

It reads the scope a caller may see from the store, keeps projections and
answers per graph version (:mod:`api.analytics.cache`), and runs the pure
functions of :mod:`algorithms` off the event loop in a bounded pool of
worker threads (:mod:`api.analytics.workers`).  :mod:`api.analytics.service`
is its one entry point, used by the GraphQL resolvers.
"""
