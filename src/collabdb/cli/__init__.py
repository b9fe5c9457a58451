"""The Typer command-line interface: parses options, calls services, renders results."""
