"""gunicorn's settings for Stride (gunicorn reads ./gunicorn.conf.py by itself; `-c gunicorn.conf.py` says so).

Sized for a small server, 2 cores by default, each setting overridable from the environment:

- WEB_CONCURRENCY (gunicorn's own variable): worker processes, default 2 x cores + 1 (5 on 2 cores). A Stride
  request is mostly Python (serializing, the trends arithmetic) with short database waits in between: one process
  per core keeps the cores busy while the other requests wait on the database, and the extra one covers a worker
  that is restarting or busy with a long answer (three years of trends, a FHIR download).
- GUNICORN_THREADS: threads per worker, default 2 (gunicorn's gthread worker). Python runs one thread at a time
  per process, so more threads add no computing; they let a worker take a second request while one waits on
  something slow outside it (an SMTP server, which may take up to EMAIL_TIMEOUT, 10 s; the database under a
  lock). 5 x 2 = 10 requests in flight, and on PostgreSQL 10 kept connections (CONN_MAX_AGE), far below its
  100. More workers cost memory (about 100 MB each once they have served every kind of page: 54 MB as they start,
  97-100 MB after Trends, the Summary, its PDF and the CSV; measured December 2026) and contend for the same 2 cores.
- GUNICORN_TIMEOUT: seconds before a silent worker is restarted, default 30.

Run it behind a proxy that buffers slow clients (nginx): a sync or gthread worker holds a thread while a slow
phone uploads or downloads.
"""

import os


def _whole(name, default):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    if not raw.strip().isdigit() or int(raw) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


def _cores():
    """The cores this process may use (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


wsgi_app = "config.wsgi"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _whole("WEB_CONCURRENCY", 2 * _cores() + 1)
threads = _whole("GUNICORN_THREADS", 2)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _whole("GUNICORN_TIMEOUT", 30)
# Keep-alive between the proxy and gunicorn saves a TCP handshake per request; the proxy closes idle ones first.
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
