"""How a request becomes a result: one module per stage, in the order a job lives them.

    requests  the Music API request of each kind, parsed once at the edge, stored, loaded back
    create    who may ask, which limits hold, the ledger line and the job row (one transaction)
    enqueue   ask the workers to run the fairest queued job
    claim     a worker takes that job with a conditional update (a loser takes nothing)
    run       the job runs on its provider, reporting progress (its heartbeat)
    kinds     what running each kind means: lyrics and music here, covers register theirs
    store     the result filed once (a version, a revision), by the attempt that still owns it
    finish    succeeded, failed, back in the queue for a retry, or cancelled
    reap      jobs whose worker stopped beating go back in the queue, or fail out of attempts
    tasks     django-q2's entry points; worker, health, cluster: the worker processes

The job row is the truth, not the queue: every change of its state is a conditional update
fenced by the attempt number, so a worker that lost its claim stores nothing.
"""
