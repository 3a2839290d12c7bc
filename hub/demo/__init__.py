"""Demonstration data: a small fixture operation, and (later) COP26-scale legacy exports."""
