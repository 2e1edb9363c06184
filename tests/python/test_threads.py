"""The binding releases the GIL around long library calls: two analyses on one Atlas run
in two threads at once and give the same results as one after the other."""
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import math

import pandas as pd

import coopatlas


def same_totals(a, b):
    assert a.keys() == b.keys()
    for k in a:
        assert a[k] == b[k] or (math.isnan(a[k]) and math.isnan(b[k])), k


def test_two_coverage_calls_in_two_threads_give_identical_results(atlas):
    alone = coopatlas.coverage(atlas, "commune", zone="FR")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(coopatlas.coverage, atlas, "commune", zone="FR") for _ in range(2)]
        results = [f.result() for f in futures]
    for r in results:
        pd.testing.assert_frame_equal(r, alone)
        same_totals(r.attrs["totals"], alone.attrs["totals"])


def test_the_gil_is_free_while_the_library_works(atlas):
    """While coverage runs in a thread, Python code in the main thread keeps running: the
    longest pause between two of its steps is much shorter than the library call. With the
    GIL held through the call, the main thread would stop for all of it."""
    def work():  # several calls, so that a pause of the scheduler cannot look like the GIL
        for _ in range(5):
            coopatlas.coverage(atlas, "commune", zone="FR")

    start = time.perf_counter()
    work()
    duration = time.perf_counter() - start
    assert duration > 0.3, f"the call takes {duration:.3f} s: too short to show anything"

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    try:
        gaps = []
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = [pool.submit(work) for _ in range(2)]
            last = time.perf_counter()
            while not all(f.done() for f in futures):
                time.sleep(0.0005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now
            for f in futures:
                f.result()
    finally:
        sys.setswitchinterval(old)
    assert len(gaps) > 10
    assert max(gaps) < duration / 2, f"main thread stopped for {max(gaps):.3f} s during a {duration:.3f} s call"

