"""The model both ends of a mapping share: the mapping file, the records of the standard, and
how each record is keyed and stored. Every stage reads it; it imports no stage."""
