"""Logging filters: what reaches the server's log."""

import logging


class OneLineClientErrors(logging.Filter):
    """A refused request (403, 404, 405 …) is the client's doing: one line, no traceback.

    Django logs a PermissionDenied with its traceback, which says nothing an operator
    needs and drowns the 500s that do.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
