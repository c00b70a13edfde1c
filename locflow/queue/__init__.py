"""Distributed workers: a run cut into tasks on a PostgreSQL task queue (procrastinate).

``locflow run --queue`` records the run's plan in the project store
(:mod:`locflow.store.queued`), queues the first tasks and waits;
``locflow worker`` processes, on any machine that reaches the database,
execute them (:mod:`locflow.queue.execute`), each task queueing what follows
it (:mod:`locflow.queue.plan`). The queue is procrastinate's, in the same
PostgreSQL database as the store, so there is no broker to run.

A task is tried again when it fails for a reason that may pass (a service, a
lost connection) and when its worker dies (no heartbeat: another worker finds
it stalled), at most :data:`~locflow.queue.app.MAX_RETRIES` times; then it is
``failed`` and the run reports it. Bad input or configuration fails at once.
"""
