"""SQLite, the default database (issue 25): WAL, so a reader is not held up by a writer, and writers that wait for
each other (IMMEDIATE transactions, a busy timeout) instead of failing with "database is locked"."""

import threading
import time

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite's own settings"
)


def connect(path):
    """A connection as the app makes one (the settings' OPTIONS), to a file of its own."""
    return DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(path)}, alias=f"wal-{path.name}")


@pytest.fixture(autouse=True)
def own_files(django_db_blocker):
    """These connections go to files of their own, never the test database: pytest-django may let them."""
    with django_db_blocker.unblock():
        yield


def test_a_file_database_is_in_wal_mode(tmp_path):
    connection = connect(tmp_path / "stride.sqlite3")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert cursor.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    connection.close()


def test_a_reader_reads_while_a_writer_holds_its_transaction_and_writers_wait_their_turn(tmp_path):
    path = tmp_path / "stride.sqlite3"
    setup = connect(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE day (n INTEGER)")
        cursor.execute("INSERT INTO day VALUES (0)")
    setup.close()

    writer, reader = connect(path), connect(path)
    writer.set_autocommit(False)
    with writer.cursor() as cursor:
        cursor.execute("BEGIN IMMEDIATE")
        cursor.execute("UPDATE day SET n = 1")
        started = time.monotonic()
        with reader.cursor() as read:
            assert read.execute("SELECT n FROM day").fetchone() == (0,)  # the last commit, at once
        assert time.monotonic() - started < 1
        errors = []

        def write(n):
            other = connect(path)
            try:
                with other.cursor() as own:  # waits for the lock (the busy timeout), then writes
                    own.execute("UPDATE day SET n = n + %s", [n])
            except Exception as error:  # noqa: BLE001 - any failure is what this test is about
                errors.append(error)
            finally:
                other.close()

        threads = [threading.Thread(target=write, args=(10,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(0.3)  # they are all waiting on the writer now
        cursor.execute("COMMIT")
    for thread in threads:
        thread.join(30)
    assert errors == []
    with reader.cursor() as read:
        assert read.execute("SELECT n FROM day").fetchone() == (41,)
    writer.close()
    reader.close()
