"""The book's explorers, one module per chapter. Each function takes the mapping returned by
:func:`spinebook.data.load` and returns an :class:`~spinebook.widgets.Explorer`."""

import importlib


def __getattr__(name):
    """``spinebook.explorers.burden`` imports the chapter's module on first use."""
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as missing:
        raise AttributeError(f"spinebook.explorers has no chapter module {name!r}") from missing
