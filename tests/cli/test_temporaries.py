"""Outputs are written to a hidden temporary file renamed into place. A run killed while
writing leaves its temporary behind; the next write to the same folder removes the
temporaries of our pattern (.NAME.tmpPID_N.EXT) whose process no longer runs and that
nobody touched for a minute. Special files are never replaced."""
import os
import stat
import signal
import subprocess
import time

from conftest import FIXTURES, run

CITIES = FIXTURES / "benelux_cities.csv"


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def age(path, seconds=600):
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_stale_temporaries_of_dead_runs_are_swept(tmp_path):
    dead = dead_pid()
    stale = tmp_path / f".k.tmp{dead}_0.tif"
    stale.write_bytes(b"half a GeoTIFF")
    age(stale)
    fresh = tmp_path / f".g.tmp{dead}_1.tif"  # dead but just written: may be another machine's run
    fresh.write_bytes(b"x")
    alive = tmp_path / f".k.tmp{os.getpid()}_0.tif"  # this process runs
    alive.write_bytes(b"x")
    age(alive)
    other = tmp_path / ".notes.tmp"  # not our pattern
    other.write_bytes(b"x")
    age(other)
    run("density", "--kde", "--points", CITIES, "--bandwidth", 25, "--output", tmp_path / "k.tif")
    assert (tmp_path / "k.tif").is_file()
    assert not stale.exists()
    assert fresh.exists() and alive.exists() and other.exists()


def test_a_run_killed_while_writing_leaves_a_temporary_that_the_next_run_removes(tmp_path):
    # A large surface takes long enough to write that the temporary can be seen and the run killed.
    p = subprocess.Popen([os.environ["COOPATLAS_CLI"], "density", "--kde", "--points", str(CITIES), "--bandwidth",
                          "25", "--size", "3000x3000", "--output", str(tmp_path / "k.tif")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    temporaries = []
    deadline = time.monotonic() + 120
    while p.poll() is None and time.monotonic() < deadline and not temporaries:
        temporaries = [f for f in tmp_path.iterdir() if f.name.startswith(".k.tmp")]
        time.sleep(0.002)
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
    p.wait()
    left = [f for f in tmp_path.iterdir() if f.name.startswith(".k.tmp")]
    if not left:  # the run finished before it could be caught writing: nothing to sweep
        assert (tmp_path / "k.tif").is_file()
        return
    for f in left:
        age(f)
    run("density", "--kde", "--points", CITIES, "--bandwidth", 25, "--output", tmp_path / "k2.tif")
    assert [f for f in tmp_path.iterdir() if f.name.startswith(".k.tmp")] == []


def test_a_device_is_written_through_never_replaced(tmp_path):
    run("density", "--kde", "--points", CITIES, "--bandwidth", 25, "--output", "/dev/null")
    assert os.path.exists("/dev/null") and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    r = run("density", "--kde", "--points", CITIES, "--bandwidth", 25, "--output", "/dev/full", status=1)
    assert "cannot write to '/dev/full'" in r.stderr and "No space left on device" in r.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
