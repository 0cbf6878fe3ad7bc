"""Benchmark: replay the corpus's tests on the embedded cluster with one worker and with two, as a whole
`docextract run` command (every page read, and again with the pages from the page cache), as its replay
phase alone, and through pytest (-n 1 and -n 2, pytest-xdist; and without xdist), with no pytest plugin
loaded but docextract's and xdist's.

    python bench/run.py [--corpus DIR] [--setups FILE] [--repeat N] [--copies N]

Beside them, the run split in two with nothing shared: its two halves (--shard 1/2 and 2/2) as two
commands at once, which is what spreading the pages over two processes gives when the spreading costs
nothing. --copies N replays a tree of N copies of the corpus, made in a temporary directory: at 10, a
tree the size of Elasticsearch's reference (about 1,600 pages).

Runs alternate (1, 2, 1, 2, …) so that a load that comes and goes falls on both sides; the figures are
medians. Beside each: the CPU other processes took meanwhile (in cores, from /proc/stat), since a machine
shared with other work cannot give two free cores to a run, and the replay's CPU split between the client
(docextract) and the server (osmem-server): on two cores, a replay cannot take less than half their sum.
Below that bound, the two shares of --jobs 2 replayed each alone: what running at once costs each.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from docextract import pages  # noqa: E402
from docextract.commands.generation import generate_tests  # noqa: E402
from docextract.commands.run_suites import cost  # noqa: E402
from docextract.diagnostics import Diagnostics  # noqa: E402
from docextract.environment import Environment  # noqa: E402
from docextract.runner import apis  # noqa: E402
from docextract.runner.clusters import EmbeddedCluster  # noqa: E402
from docextract.runner.osmem import needs_japanese  # noqa: E402
from docextract.runner.replay import run_all  # noqa: E402
from docextract.runner.select import shard  # noqa: E402
from docextract.settings import Settings  # noqa: E402
from docextract.setupfiles import read_setups  # noqa: E402
from docextract.setups import Setups  # noqa: E402
from docextract.testgen.generate import Options  # noqa: E402

SHARED = REPO.parent / "shared" / "corpus" / "es-docs" / "docs"
HZ = os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    seconds: float
    others: float  # the cores other processes used meanwhile, on average
    client: float = 0.0  # CPU seconds of docextract (the replay phase)
    server: float = 0.0  # CPU seconds of osmem-server (the replay phase)


def _busy() -> float:
    """CPU seconds the machine has spent busy since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / HZ


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def command(argv: list[str], env: dict[str, str] | None = None) -> Sample:
    """A command in a subprocess: its wall time, and what other processes took meanwhile."""
    busy, ours, started = _busy(), _children(), time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    seconds = time.perf_counter() - started
    cpu = _children() - ours  # its server's too: a child it waits for
    others = (_busy() - busy) - cpu
    return Sample(seconds, max(others, 0.0) / seconds, client=cpu)


# What a run does before it forks its shares: Python's start, then the modules, as the docextract script
# loads them (docextract/__main__.py).
_START = """
from docextract.__main__ import defer_unused
defer_unused()
import docextract.cli, docextract.commands.run_job
"""


def halves(argv: list[str]) -> Sample:
    """The run's two halves (--shard 1/2 and 2/2, one worker each) as two commands at once."""
    busy, ours, started = _busy(), _children(), time.perf_counter()
    both = [
        subprocess.Popen([*argv, "--shard", f"{k}/2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for k in (1, 2)
    ]
    for process in both:
        process.wait()
    seconds = time.perf_counter() - started
    cpu = _children() - ours
    return Sample(seconds, max((_busy() - busy) - cpu, 0.0) / seconds, client=cpu)


def copied(corpus: Path, copies: int, scratch: Path) -> Path:
    """A docs tree of `copies` copies of the corpus, side by side under scratch."""
    for number in range(1, copies + 1):
        shutil.copytree(corpus, scratch / f"{corpus.name}{number}")
    return scratch


def suites(corpus: Path, setups: Path):
    named = read_setups(setups, Diagnostics()) if setups.is_file() else Setups()
    settings = Settings(corpus.resolve(), for_tests=True)
    found = [page for page, _ in pages.find([corpus])]
    generated = generate_tests(found, settings, Options(named), lambda found: None)
    return [generated_suite.suite for generated_suite in generated.generation.suites]


def replay(generated, corpus: Path, jobs: int) -> Sample:
    """The replay phase as `docextract run --jobs N` runs it: N processes (this one and N - 1 forked),
    each replaying its share of the pages (as the command splits them) on a server of its own, the
    servers started before.

    As in the command, each share replays suites it made itself, after the fork: a helper's are a copy
    made in the helper, and with helpers, this process's share is a copy made after they are forked.
    Replaying objects made before the fork would have each process copy every memory page it touches
    (the reference counts it writes), which the command does not do: measured so, the corpus's phase
    with two workers took about a tenth longer."""
    weights = {suite.doc: cost(corpus / suite.doc) for suite in generated}
    shares = [[s for s in generated if s.doc in shard(weights, k, jobs)] for k in range(1, jobs + 1)]
    made = [pickle.dumps(part) for part in shares]
    clusters = [EmbeddedCluster(Environment().connect, japanese=needs_japanese(part)) for part in shares]
    ready, go, spent = os.pipe(), os.pipe(), os.pipe()
    try:
        for cluster in clusters:
            cluster.start()
        servers = [cluster._server.process.pid for cluster in clusters]
        helpers = []
        for part, cluster in zip(made[1:], clusters[1:], strict=True):
            pid = os.fork()
            if pid == 0:  # a helper: never returns (it would stop this process's servers)
                try:
                    suites = pickle.loads(part)
                    os.write(ready[1], b".")
                    os.read(go[0], 1)
                    cpu = time.process_time()
                    run_all(suites, cluster, lambda _: None)
                    os.write(spent[1], f"{time.process_time() - cpu}\n".encode())
                finally:
                    os._exit(0)
            helpers.append(pid)
        mine = pickle.loads(made[0]) if helpers else shares[0]
        waiting = len(helpers)
        while waiting:
            waiting -= len(os.read(ready[0], waiting))
        busy, cpu = _busy(), time.process_time()
        serving = sum(map(_cpu_of, servers))
        started = time.perf_counter()
        os.write(go[1], b"." * len(helpers))
        run_all(mine, clusters[0], lambda _: None)
        for pid in helpers:
            os.waitpid(pid, 0)
        seconds = time.perf_counter() - started
        client = time.process_time() - cpu
        if helpers:  # what each wrote of its CPU (a pipe's write of less than 512 bytes is whole)
            client += sum(float(x) for x in os.read(spent[0], 4096).split())
        served = sum(map(_cpu_of, servers)) - serving
    finally:
        for cluster in clusters:
            cluster.close()
        for fd in (*ready, *go, *spent):
            os.close(fd)
    others = (_busy() - busy) - client - served
    return Sample(seconds, max(others, 0.0) / seconds, client, served)


def alone(generated, corpus: Path, repeat: int) -> list[float]:
    """Each of the two shares of `--jobs 2` replayed alone, one after the other, on a server of its own:
    the medians of their wall times. Beside the two at once, what sharing two cores costs each."""
    weights = {suite.doc: cost(corpus / suite.doc) for suite in generated}
    shares = [[s for s in generated if s.doc in shard(weights, k, 2)] for k in (1, 2)]
    walls: list[list[float]] = [[], []]
    for _ in range(repeat):
        for number, part in enumerate(shares):
            cluster = EmbeddedCluster(Environment().connect, japanese=needs_japanese(part))
            try:
                cluster.start()
                started = time.perf_counter()
                run_all(part, cluster, lambda _: None)
                walls[number].append(time.perf_counter() - started)
            finally:
                cluster.close()
    return [statistics.median(wall) for wall in walls]


def alternated(measure, repeat: int) -> dict[int, list[Sample]]:
    samples: dict[int, list[Sample]] = {1: [], 2: []}
    for _ in range(repeat):
        for jobs in (1, 2):
            samples[jobs].append(measure(jobs))
    return samples


def row(name: str, samples: dict[int, list[Sample]]) -> str:
    one, two = (statistics.median(s.seconds for s in samples[jobs]) for jobs in (1, 2))
    load = "/".join(f"{statistics.median(s.others for s in samples[jobs]):.2f}" for jobs in (1, 2))
    return f"  {name:<34} {one:>7.3f} s {two:>7.3f} s {one / two:>7.2f}x   {load}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=SHARED / "reference")
    parser.add_argument("--setups", type=Path, default=SHARED / "build.gradle")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=1, help="replay N copies of the corpus at once")
    args = parser.parse_args()
    if args.copies > 1:
        with tempfile.TemporaryDirectory(prefix="bench-run-") as scratch:
            args.corpus = copied(args.corpus, args.copies, Path(scratch))
            measure(args)
    else:
        measure(args)


def measure(args: argparse.Namespace) -> None:
    exe = Path(sys.executable).parent
    generated = suites(args.corpus, args.setups)
    apis.prepare()
    tests = sum(len(suite.tests) for suite in generated)
    print(f"corpus: {args.corpus} ({len(generated)} pages with tests, {tests} tests); {os.cpu_count()} CPUs")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    run = [str(exe / "docextract"), "run", str(args.corpus), "--setups", str(args.setups), "-q"]
    # Every page read, as on a CI machine that starts afresh; then as a writer's second run does, the pages
    # from the page cache (the first run here fills it).
    whole = alternated(lambda jobs: command([*run, "--no-cache", "--jobs", str(jobs)]), args.repeat)
    cold = [*run, "--no-cache", "--jobs", "1"]
    split = alternated(lambda jobs: command(cold) if jobs == 1 else halves(cold), args.repeat)
    command(run)
    cached = alternated(lambda jobs: command([*run, "--jobs", str(jobs)]), args.repeat)
    phase = alternated(lambda jobs: replay(generated, args.corpus, jobs), args.repeat)
    test = [
        str(exe / "python"),
        "-m",
        "pytest",
        "--docextract",
        str(args.corpus),
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    test += ["--continue-on-collection-errors", "-p", "docextract.pytest_plugin"]
    # Only the plugins measured: pytest loads every plugin installed, and this venv's (hypothesis, anyio)
    # take 0.2 s of each pytest process, each xdist worker's too, which says nothing of docextract.
    only_ours = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    xdist = [*test, "-p", "xdist.plugin", "--dist", "loadfile"]
    through_pytest = alternated(lambda jobs: command([*xdist, "-n", str(jobs)], only_ours), args.repeat)
    plain_pytest = statistics.median(command(test, only_ours).seconds for _ in range(args.repeat))
    print(f"\nmedians of {args.repeat} alternated runs        1 worker   2 workers  speed-up   others' cores")
    print(row("docextract run (whole command)", whole))
    print(row("  halves at once, nothing shared", split))
    print(row("  the pages from the page cache", cached))
    print(row("docextract run (replay phase)", phase))
    print(row("pytest --docextract -n N", through_pytest))
    print(f"  pytest --docextract without -n       {plain_pytest:>7.3f} s")
    for jobs in (1, 2):
        client = statistics.median(s.client for s in phase[jobs])
        server = statistics.median(s.server for s in phase[jobs])
        workers = f"{jobs} worker{'s' if jobs > 1 else ' '}"
        print(
            f"replay phase, {workers}: CPU {client:.3f} s client + {server:.3f} s server = "
            f"{client + server:.3f} s (on two cores, no less than {(client + server) / 2:.3f} s)"
        )
    bounds(args, generated, whole, phase)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def bounds(args: argparse.Namespace, generated, whole, phase) -> None:
    """What bounds the speed-up: the whole command's serial start and CPU, the replay's CPU, its
    shares alone against at once, the server's part."""
    exe = Path(sys.executable).parent
    whole_one = statistics.median(s.seconds for s in whole[1])
    whole_cpu = statistics.median(s.client for s in whole[2])
    print(
        f"whole command, 2 workers: CPU {whole_cpu:.3f} s (docextract and its servers): at most "
        f"{whole_one / (whole_cpu / (os.cpu_count() or 1)):.2f}x on {os.cpu_count()} cores at this CPU"
    )
    # Before the shares are forked, one core works alone: Python and the run command's modules.
    start = [str(exe / "python"), "-c", _START]
    serial = statistics.median(command(start).seconds for _ in range(args.repeat))
    bound = serial + (whole_cpu - serial) / 2
    print(
        f"  its start before the shares fork (Python and the run's modules) takes {serial:.3f} s on one "
        f"core: at most {whole_one / bound:.2f}x with it"
    )
    # With one worker, what the client does not spend on the CPU it spends waiting for the server's answers.
    one_client = statistics.median(s.client / s.seconds for s in phase[1])
    print(
        f"replay phase, 1 worker : docextract on the CPU {one_client:.0%} of it, waiting for the server "
        "the rest"
    )
    # The replay phase with two workers cannot take less than half its CPU on two cores: the best speed-up
    # the machine allows, whatever the code does with it, given the CPU the client and the server spend.
    one = statistics.median(s.seconds for s in phase[1])
    two_wall = statistics.median(s.seconds for s in phase[2])
    two_cpu = statistics.median(s.client + s.server for s in phase[2])
    cores = os.cpu_count() or 1
    print(f"replay phase: at most {one / (two_cpu / cores):.2f}x with 2 workers on {cores} cores at this CPU")
    # Below that bound: what two client-server pairs at once on two cores cost each, against each alone.
    first, second = alone(generated, args.corpus, args.repeat)
    print(
        f"  its two shares replayed alone take {first:.3f} s and {second:.3f} s (at most "
        f"{one / max(first, second):.2f}x), at once {two_wall:.3f} s: "
        f"{two_wall / max(first, second):.2f}x the slower alone"
    )
    # What the server's share costs: were its CPU free, the clients' alone would bound the speed-up.
    two_client = statistics.median(s.client for s in phase[2])
    two_server = statistics.median(s.server for s in phase[2])
    print(
        f"  the server's CPU is {two_server / (two_client + two_server):.0%} of it "
        f"({two_server / (cores * two_wall):.0%} of the {cores} cores' time with 2 workers); "
        f"the client's alone would allow {one / (two_client / cores):.2f}x"
    )


if __name__ == "__main__":
    main()
