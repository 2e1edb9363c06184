"""Hostile inputs: each line of cases.tsv runs one command on a bad input and expects its
exit status and a fragment of its message. Every case must also write nothing (its output
folder, which is also its working directory, stays empty), leave every corpus file unchanged
(SHA-256 before and after) and stay within the time and memory limits below.

Time: processor time (user + system, of the command and its threads), at most twice what
loading the embedded atlas takes plus 2 s (the load measured once per run with
`coopatlas info --data`, printed with the limits): most cases load the atlas before they
find the mistake. Processor time rather than wall time, so that other work on the machine
(parallel tests, builds) does not count against a case, while a runaway search or loop,
which spends processor time, still does; the 60 s wall-clock timeout stays for a hang.

In a sanitizer build (COOPATLAS_SANITIZE set), AddressSanitizer reserves terabytes of
address space, so the memory limit cannot be applied and the time limit is multiplied by
ten: the output says so at the top of the run, never silently.
"""
import hashlib
import os
import resource
import shlex
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
FIXTURES = HERE.parent / "fixtures"
CLI = Path(os.environ.get("COOPATLAS_CLI", ""))
DATA = Path(os.environ.get("COOPATLAS_DATA", HERE.parents[1] / "shapefiles"))
SANITIZED = bool(os.environ.get("COOPATLAS_SANITIZE", "").strip())

TIME_BEYOND_LOAD_S = 2.0 * (10 if SANITIZED else 1)
MEMORY_LIMIT_BYTES = 500 * 1024 * 1024
_load_time = []


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def atlas_load_time():
    """Processor seconds `coopatlas info` takes on the embedded atlas (the larger of two runs)."""
    if not _load_time:
        times = []
        for _ in range(2):
            start = children_cpu_seconds()
            subprocess.run([str(CLI), "info", "--data", str(DATA)], capture_output=True, check=True, timeout=600)
            times.append(children_cpu_seconds() - start)
        _load_time.append(max(times))
    return _load_time[0]


def time_limit():
    return 2 * atlas_load_time() + TIME_BEYOND_LOAD_S


def cases():
    out = []
    for line in (HERE / "cases.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, status, fragment, command = line.split("\t")
        out.append(pytest.param(int(status), fragment, command, id=name))
    return out


def corpus_hashes():
    hashes = {}
    for p in sorted(CORPUS.rglob("*")):
        hashes[p.relative_to(CORPUS)] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
    return hashes


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def test_limits_in_force():
    # Printed with -rA: what this run checks.
    load = atlas_load_time()
    if SANITIZED:
        print(f"sanitizer build ({os.environ['COOPATLAS_SANITIZE']}): memory limit NOT applied (ASan reserves "
              f"terabytes of address space); time limit {TIME_BEYOND_LOAD_S:g} s + 2 x {load:.2f} s (atlas load) of processor time per case")
    else:
        print(f"memory limit {MEMORY_LIMIT_BYTES >> 20} MB (address space); time limit {TIME_BEYOND_LOAD_S:g} s + "
              f"2 x {load:.2f} s (atlas load) of processor time per case")
    assert len(cases()) >= 80


@pytest.mark.parametrize("status, fragment, command", cases())
def test_case(tmp_path, status, fragment, command):
    assert CLI.is_file(), f"COOPATLAS_CLI does not name the coopatlas binary: '{CLI}'"
    out = tmp_path / "out"
    out.mkdir()
    args = [a.format(corpus=CORPUS, fixtures=FIXTURES, data=DATA, out=out) for a in shlex.split(command)]
    before = corpus_hashes()
    start = children_cpu_seconds()
    p = subprocess.run([str(CLI), *args], capture_output=True, cwd=out, timeout=60,
                       preexec_fn=None if SANITIZED else limit_memory)
    elapsed = children_cpu_seconds() - start
    stderr = p.stderr.decode("utf-8", "replace")
    shown = f"coopatlas {' '.join(args)}\nexit {p.returncode}\n--- stderr\n{stderr}"
    assert p.returncode == status, shown
    assert fragment in stderr, shown
    assert "internal error" not in stderr, shown
    assert not stderr.startswith(("ERROR ", "Warning ")), "a raw GDAL line before our message\n" + shown
    assert elapsed <= time_limit(), f"{elapsed:.2f} s of processor time, limit {time_limit():.2f} s\n" + shown
    assert list(out.iterdir()) == [], shown
    assert corpus_hashes() == before, "an input changed\n" + shown
