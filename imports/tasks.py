"""The background tasks: checking or applying a large import, writing a large export (django-tasks)."""

from django_tasks import task


@task()
def run_import(batch_id: int, commit: bool) -> None:
    from imports.batches import recover_stale, run_batch

    # The worker is where a step that died with its process is noticed soonest.
    recover_stale()
    run_batch(batch_id, commit)


@task()
def run_export(job_id: int) -> None:
    from imports.exports import run

    run(job_id)
