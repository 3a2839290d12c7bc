"""OASIS EDXL-RM 1.0 both ways: a request's history as the sixteen message types, and
messages applied as workflow steps (docs/edxl.md).

`profile` says where each fact sits in each message type, `build` writes a message as XML,
`parse` reads one safely, `apply` takes its step through the workflow's own functions (a
service layer above `hub.resolvers`), `record` keeps the eight kinds with no step, and
`exchange` and `cli` run them on files. The graph calls `build` (`EdxlMessage.xml`) and
`apply` (`importEdxlMessage`, in `hub.schema.edxl`).
"""
