import gc
import sys

# Raised before anything is imported: see START_GC in lintnews.cli (kept in step by a test).
gc.set_threshold(100_000, 10, 10)

import dataclasses  # noqa: E402

from lintnews import keep  # noqa: E402

# Before typer and lintnews make their dataclasses: see keep.keep_generated_code.
keep.keep_generated_code(dataclasses)

from lintnews import cli  # noqa: E402

cli.PROGRAM = True
# Run by python -m (this module is the interpreter's __main__), not by a program's runpy call.
cli.END_NOW = sys.modules["__main__"].__dict__ is globals()
cli.main()
