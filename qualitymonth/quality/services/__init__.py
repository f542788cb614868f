"""Writes of the quality app; each runs in a transaction and leaves an audit entry."""
