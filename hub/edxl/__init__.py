"""OASIS EDXL-RM 1.0 both ways: a request's history as the sixteen message types, and
messages applied as workflow steps (docs/edxl.md).

`build` writes a message as XML, `parse` reads one safely, `apply` takes its step through the
workflow, `record` keeps the messages with no step, `exchange` and `cli` run them on files.
"""
