"""A throw-away PostgreSQL 15 server with PostGIS 3 for the tests: initdb and pg_ctl in a
temporary folder owned by the postgres user (run through runuser when the tests run as
root), listening on a unix socket in that folder only, stopped and removed at the end.

A missing server is an error that names scripts/bootstrap.sh, never a skipped test."""
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

BIN = Path("/usr/lib/postgresql/15/bin")
MISSING = ("PostgreSQL 15 with PostGIS 3 is needed: scripts/bootstrap.sh installs the Debian packages "
           "postgresql-15 and postgresql-15-postgis-3")


class server:
    def __init__(self):
        for tool in ("initdb", "pg_ctl", "postgres", "psql"):
            if not (BIN / tool).is_file():
                pytest.fail(f"{BIN / tool} is missing. {MISSING}")
        if not list(Path("/usr/share/postgresql/15/extension").glob("postgis--*.sql")):
            pytest.fail(f"the postgis extension of PostgreSQL 15 is missing. {MISSING}")
        self.as_root = os.geteuid() == 0
        # /tmp: a unix socket path must stay under 108 bytes
        self.dir = Path(tempfile.mkdtemp(prefix="coopatlas-pg-", dir="/tmp"))
        if self.as_root:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.dir, postgres.pw_uid, postgres.pw_gid)
        self.data = self.dir / "data"
        self.started = False
        self._run(BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self._run(BIN / "pg_ctl", "-D", self.data, "-l", self.dir / "server.log", "-w", "-t", "120", "-o",
                  f"-c listen_addresses='' -k {self.dir} -c fsync=off", "start")
        self.started = True

    def _run(self, *args):
        command = [str(a) for a in args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        p = subprocess.run(command, capture_output=True, text=True, timeout=300)
        log = self.dir / "server.log"
        assert p.returncode == 0, (f"{' '.join(command)} failed:\n{p.stdout}\n{p.stderr}\n"
                                   f"{log.read_text() if log.exists() else ''}")
        return p.stdout

    def sql(self, database, statement):
        """Runs SQL with psql; returns its unaligned output."""
        return self._run(BIN / "psql", "-X", "-q", "-A", "-t",
                         "-h", self.dir, "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-c", statement)

    def create_database(self, name):
        self.sql("postgres", f"CREATE DATABASE {name}")
        self.sql(name, "CREATE EXTENSION postgis")
        return f"PG:host={self.dir} dbname={name} user=postgres"

    def uri(self, database, table, geometry="wkb_geometry"):
        """A QGIS postgres provider URI of a table."""
        return f"dbname='{database}' host={self.dir} user='postgres' table=\"public\".\"{table}\" ({geometry})"

    def stop(self):
        if self.started:
            self._run(BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)
