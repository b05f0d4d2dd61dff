"""`manage.py qcluster`: django-q2's command, with a main process that stops cleanly on SIGTERM
(songs/jobs/cluster.py). It takes the place of django-q2's own because songs is listed before
django_q in INSTALLED_APPS."""

from __future__ import annotations

import os

from django_q.management.commands import qcluster

from songs.jobs.cluster import Cluster


class Command(qcluster.Command):
    def handle(self, *args, **options) -> None:
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]
        worker_cluster = Cluster()
        if options.get("run_once"):
            worker_cluster.start()
            worker_cluster.stop()
        else:
            worker_cluster.serve()
