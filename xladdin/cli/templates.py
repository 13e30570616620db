"""CLI command module 'templates' (placeholder: its owner replaces this file)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add this module's sub-commands to the parser (none yet)."""
