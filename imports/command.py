"""What the import commands share: read a file, check it (or import it), print the errors."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from giamngheo.models import User
from imports import registry
from imports.batches import claim, create_batch, run_batch
from imports.errors import describe
from imports.models import ImportBatch


def error_line(error: dict) -> str:
    """A stored import error as the command prints it: where, what, and its code."""
    where = f"dòng {error['row']}" if error["row"] else "tệp"
    column = f", cột “{error['column']}”" if error["column"] else ""
    text = describe(error["code"], error["params"], error.get("message", ""))
    return f"{where}{column}: {text} [{error['code']}]"


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="An .xlsx, .xls, .ods or .csv file with the template's columns.")
        parser.add_argument("--commit", action="store_true", help="Import; without it the file is only checked.")
        parser.add_argument("--user", required=True, help="The user name the records are attributed to.")

    def handle(self, *args, file, commit, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        account = User.objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"No active user {user!r}.")
        permission = registry.get(self.kind).permission
        if not account.has_perm(permission):
            raise CommandError(f"{user} may not import {self.kind} ({permission}).")
        batch = create_batch(kind=self.kind, name=path.name, data=path.read_bytes(), user=account)
        if commit:
            # Straight to the import, which checks every row again in its transaction.
            claim(batch.pk, [ImportBatch.State.QUEUED], ImportBatch.State.APPLYING)
        batch = run_batch(batch.pk, commit)
        for error in batch.errors:
            self.stderr.write(error_line(error))
        counts = (
            f"{batch.created_count} created, {batch.updated_count} updated, {batch.unchanged_count} unchanged, "
            f"{batch.error_count} errors."
        )
        if not commit:
            verb = "checked (nothing saved; add --commit to import)"
            self.stdout.write(f"{path.name}: {batch.total_rows} rows {verb}: {counts}")
            batch.content = None
            batch.save(update_fields=["content"])
        elif batch.state == ImportBatch.State.APPLIED:
            self.stdout.write(f"{path.name}: {batch.total_rows} rows imported: {counts}")
        else:
            # What would have been created is not what was: say only what is true.
            self.stdout.write(
                f"{path.name}: import refused ({batch.get_state_display()}), nothing saved: "
                f"{batch.total_rows} rows read, {batch.error_count} errors."
            )
            sys.exit(1)
        if batch.error_count:
            sys.exit(1)
