import gc

# Raised before anything is imported: see START_GC in lintnews.cli (kept in step by a test).
gc.set_threshold(100_000, 10, 10)

from lintnews.cli import main  # noqa: E402

main()
