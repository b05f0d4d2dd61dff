"""Webhooks for integrations, the Standard Webhooks way (https://www.standardwebhooks.com/).

The flow, one module a stage:
    emit.py      an event happens: a message per subscribed endpoint, in the event's transaction;
                 the workers are asked to deliver it once that transaction commits
    payloads.py  what each event's `data` says (ids and links, nothing secret)
    claim.py     a worker claims a due message with a conditional update (one cluster wins)
    send.py      one signed POST to the endpoint's checked address (targets.py), timed, logged
    deliver.py   claim, send, record the attempt, schedule the next (backoff.py) or finish
    tasks.py     django-q2's entry points: one message now, and the every-minute sweep
secrets.py and signing.py hold the endpoint's secret and the signature; services and selectors
for pages and the API are songs/services/webhooks.py and selectors.py here.
"""
