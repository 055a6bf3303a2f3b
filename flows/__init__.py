"""Prefect flows, the ainews CLI, the demo and the bundled sample news site."""
