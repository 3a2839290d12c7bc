"""Read: a source file refused before anything is written, or streamed as raw records."""

from hub.adapters.read.files import Source, check_file, read_file, scan_file
from hub.adapters.read.raw import Pace, RawRecord, scan_bytes
from hub.adapters.read.xml import RecordPath, load_schema, record_path

__all__ = [
    "Pace",
    "RawRecord",
    "RecordPath",
    "Source",
    "check_file",
    "load_schema",
    "read_file",
    "record_path",
    "scan_bytes",
    "scan_file",
]
