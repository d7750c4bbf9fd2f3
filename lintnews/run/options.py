"""Options of a run that are refused before any file is touched, and how many worker processes
the machine (and its open-file limit) allows."""

from __future__ import annotations

import os
from stat import S_ISREG

from lintnews.errors import LintnewsError
from lintnews.model import Severity

SEVERITIES = [s.value for s in Severity]
GROUPS = ("language", "site")  # what --statistics can count by, besides the rule
FDS_PER_WORKER = 2  # pipes a worker process holds open in the main one (measured: 2 each)
FDS_PER_RUN = 24  # the pool's own pipes plus the files a run holds open at once, with room to spare


class UsageError(LintnewsError):
    """Options that cannot go together, or a run that cannot start: exit 2 before any file is touched."""


def refuse_bad_options(opts) -> None:
    from lintnews import report
    from lintnews.readers import formats

    lint = opts.lint
    if not report.known(opts.output_format):
        raise UsageError(f"unknown output format {opts.output_format!r}; choose from {', '.join(report.names())}")
    for value, name in ((opts.output_file, "--output-file"), (opts.baseline, "--baseline"),
                        (opts.write_baseline, "--write-baseline"), (opts.ledger, "--ledger"),
                        (lint.config, "--config"), (opts.cache_dir, "--cache-dir")):
        if value == "":  # `--config "$UNSET"`: taken as not given, the run went on without it
            raise UsageError(f"{name}: empty file name")
    if lint.format is not None and lint.format not in formats():
        raise UsageError(f"unknown format {lint.format!r}; choose from {', '.join(formats())}")
    if opts.fail_on is not None and opts.fail_on not in SEVERITIES:
        raise UsageError(f"--fail-on must be one of {', '.join(SEVERITIES)}, not {opts.fail_on!r}")
    if opts.group_by is not None and opts.group_by not in GROUPS:
        raise UsageError(f"--group-by must be one of {', '.join(GROUPS)}, not {opts.group_by!r}")
    if opts.ledger and not lint.fix:
        raise UsageError("--ledger records applied fixes; use it with --fix")
    if opts.ledger and lint.diff:
        raise UsageError("--ledger records applied fixes, and --diff applies none")
    if opts.add_ignore is not None and (lint.fix or lint.diff or opts.write_baseline):
        raise UsageError("--add-ignore accepts findings as they are; do not combine it with --fix, --diff "
                         "or --write-baseline")
    if opts.add_ignore is not None and not opts.add_ignore.strip():
        raise UsageError("--add-ignore needs a reason, e.g. --add-ignore 'quoted on purpose'")
    if opts.write_baseline and (lint.fix or lint.diff):
        raise UsageError("--write-baseline records findings as they are; do not combine it with --fix or --diff")
    refuse_writing_over_an_article(opts)
    if opts.jobs < 0 or opts.jobs > max_jobs():
        raise UsageError(f"--jobs {opts.jobs}: choose 0 (every core) up to {max_jobs()} "
                         "(four per core, at least 64)")
    if opts.jobs > 1:
        fit = jobs_that_fit()
        if opts.jobs > fit:
            raise UsageError(f"--jobs {opts.jobs} needs more open files than the limit allows "
                             f"(ulimit -n {_fd_limit()}); use --jobs {max(fit, 1)} or raise the limit")


def refuse_writing_over_an_article(opts, walked=()) -> None:
    """A report, baseline or ledger that is one of the files to check would replace the article
    or be appended to it: one named (`-o a.txt a.txt`, an option and its value swapped), or, with
    ``walked``, one found in a folder the run walks (`check . -o a.txt`, or the report an earlier
    run left there)."""
    targets = {}
    for target, what in ((opts.output_file, "report"), (opts.write_baseline, "baseline"),
                         (opts.ledger, "ledger")):
        try:
            st = os.stat(target) if target else None
        except (OSError, ValueError):  # not there yet: nothing it could be written over
            continue
        if st is not None and S_ISREG(st.st_mode):
            targets[st.st_dev, st.st_ino] = target, what
    if not targets:
        return
    named = set(opts.paths)
    # One stat a file, and only when a target exists: nothing beside reading the files.
    for path in (opts.paths if not walked else [p for p in walked if p not in named]):
        try:
            st = os.stat(path) if path != "-" else None
        except (OSError, ValueError):  # a path that does not exist is reported as such later
            continue
        hit = st is not None and targets.get((st.st_dev, st.st_ino))
        if not hit:
            continue
        target, what = hit
        if path in named:
            raise UsageError(f"{target}: the {what} would be written into {path}, one of the files "
                             "to check; name another file")
        raise UsageError(f"{target}: the {what} would be written into {path}, a file in a folder this run "
                         "checks; name a file outside the folders checked, or exclude it (extend-exclude)")


def max_jobs() -> int:
    return max(64, 4 * (os.cpu_count() or 1))


def _fd_limit() -> int | None:
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return None
    return None if soft == resource.RLIM_INFINITY else soft


def jobs_that_fit() -> int:
    """How many worker processes the open-file limit leaves room for: each costs two pipes in
    this process, and a run needs some files of its own (articles, cache, report, ledger)."""
    limit = _fd_limit()
    if limit is None:
        return max_jobs()
    try:
        in_use = len(os.listdir("/proc/self/fd"))
    except OSError:
        in_use = 16
    return max(0, (limit - in_use - FDS_PER_RUN) // FDS_PER_WORKER)
