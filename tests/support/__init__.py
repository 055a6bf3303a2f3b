"""Shared test helpers: real local HTTP servers."""
