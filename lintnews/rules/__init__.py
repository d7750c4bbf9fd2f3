"""Built-in rules written in Python, one module per rule."""
