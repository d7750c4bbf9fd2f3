"""Author bios: who an article claims as its author, and how a bio can contradict that."""
