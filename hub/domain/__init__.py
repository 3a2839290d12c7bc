"""Rules that are about neither storage nor transport: the mutual aid workflow."""
