"""gunicorn as the ward's server runs it (deploy/giamngheo-web.service): `gunicorn -c deploy/gunicorn.conf.py`."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# 2 cores: 3 workers (2 × cores − 1 keeps one core for PostgreSQL and the task worker).
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# A page takes well under a second; a PDF of a year's report a few. Uploads are only
# stored in the request (checks run in the task worker), so nothing legitimate nears this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never becomes an outage.
max_requests = 1000
max_requests_jitter = 100
# The path without its query string: search terms and filters stay out of the log.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = os.environ.get("GIAMNGHEO_TRUSTED_PROXIES", "127.0.0.1").replace(" ", "")
