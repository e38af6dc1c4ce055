"""The background task that checks or applies a large import (django-tasks)."""

from django_tasks import task


@task()
def run_import(batch_id: int, commit: bool) -> None:
    from imports.batches import run_batch

    run_batch(batch_id, commit)
