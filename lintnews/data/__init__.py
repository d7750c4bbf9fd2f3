"""Language data generated at build time (see tools/); the runtime reads it as plain Python."""
