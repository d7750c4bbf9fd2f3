import gc

# Raised before anything is imported: see START_GC in lintnews.cli (kept in step by a test).
gc.set_threshold(100_000, 10, 10)

from lintnews import cli  # noqa: E402

cli.PROGRAM = True
cli.main()
