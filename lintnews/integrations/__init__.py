"""Bridges to other tools' pipelines. Each module imports its tool itself; nothing else in
lintnews imports them, so the core never depends on those tools."""
