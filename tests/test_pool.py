"""The pool: results in order, the command's process working beside its helpers for quick work, only
helpers for long work, a helper's lost item done here, helpers ended when the caller stops early."""

from __future__ import annotations

import os
import time

from docextract import pool

ITEMS = list(range(40))  # above pool.PARALLEL_THRESHOLD: helpers are forked


def pid_and_square(item: int) -> tuple[int, int]:
    time.sleep(0.01)  # long enough that a helper starts before the other process has done them all
    return os.getpid(), item * item


def test_results_come_in_order_and_this_process_works_beside_one_helper():
    results = list(pool.ordered(pid_and_square, ITEMS, jobs=2))
    assert [square for _, square in results] == [item * item for item in ITEMS]
    workers = {pid for pid, _ in results}
    assert os.getpid() in workers and len(workers) == 2
    assert results[0][0] == os.getpid()  # the first item is this process's: it never waits behind another


def test_long_work_is_left_to_as_many_helpers_as_jobs():
    with pool.started(pid_and_square, ITEMS, jobs=2) as results:
        assert results.parallel
        found = list(results)
    assert [square for _, square in found] == [item * item for item in ITEMS]
    assert os.getpid() not in {pid for pid, _ in found}


def test_few_items_are_done_here():
    with pool.started(pid_and_square, ITEMS[:3], jobs=2) as results:
        assert not results.parallel
        assert {pid for pid, _ in results} == {os.getpid()}


def test_an_item_a_helper_died_on_is_done_here():
    parent = os.getpid()

    def fragile(item: int) -> int:
        if item == 5 and os.getpid() != parent:
            os._exit(1)  # the helper dies on it
        return item

    # Helpers only: the one that takes item 5 dies, the other finishes; item 5 is then done here.
    assert list(pool.started(fragile, ITEMS, jobs=2)) == ITEMS


def test_stopping_early_ends_the_helpers():
    with pool.started(pid_and_square, ITEMS, jobs=2) as results:
        next(iter(results))
        helpers = list(results._shared.helpers)
    assert helpers and not any(helper.is_alive() for helper in helpers)


def finished_at_with_bulk(item: int) -> tuple[float, bytes]:
    return time.monotonic(), b"x" * 100_000  # 20 of them fill any pipe many times over


def test_helpers_keep_working_while_the_caller_is_busy_elsewhere():
    """A pipe holds some 64 KB: helpers sending straight into it would stop once it is full, until the
    caller (loading something meanwhile) takes their results."""
    with pool.started(finished_at_with_bulk, list(range(20)), jobs=2) as results:
        time.sleep(1.0)  # busy elsewhere
        taking = time.monotonic()
        found = list(results)
    assert len(found) == 20
    assert all(finished < taking for finished, _ in found)  # every item was done before any was taken


def test_one_helper_can_do_all_the_work_while_the_caller_does_its_own_and_none_means_here():
    with pool.started(pid_and_square, ITEMS, jobs=1) as results:
        assert results.parallel
        assert os.getpid() not in {pid for pid, _ in results}
    with pool.started(pid_and_square, ITEMS, jobs=0) as results:
        assert not results.parallel
        assert {pid for pid, _ in results} == {os.getpid()}


def test_more_items_than_the_queue_holds_at_once_all_come_in_order():
    """The item numbers go through a pipe (some 16,000 fit): the rest are fed as it empties."""
    items = list(range(50_000))
    with pool.started(lambda item: item, items, jobs=2, here=True) as results:
        assert results.parallel
        assert list(results) == items
