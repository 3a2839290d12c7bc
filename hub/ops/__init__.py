"""Running the hub for real: metrics, traces, structured logs and backups (docs/operations.md).

This package imports nothing of the hub but its version, settings and errors, so every layer
(the HTTP layer, security, store, adapters) may report to it.
"""
