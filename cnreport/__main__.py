"""``python -m cnreport``: the same command as the ``cnreport`` console script."""

from .cli import entry_point

if __name__ == "__main__":  # pragma: no branch
    entry_point()
