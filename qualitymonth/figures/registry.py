"""Every app's figures, found through the app registry: each app's `figures.py` lists
`FIGURES`; nothing here imports an app by name."""

import functools
import importlib
import importlib.util

from django.apps import apps

from qualitymonth.core.figures import Dataset, Figure


@functools.cache
def all_figures() -> tuple[Figure, ...]:
    found: dict[str, Figure] = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.figures"
        if importlib.util.find_spec(module_name) is None:
            continue
        for figure in getattr(importlib.import_module(module_name), "FIGURES", ()):
            if figure.key in found:
                raise ValueError(f"figure {figure.key} declared twice")
            found[figure.key] = figure
    return tuple(sorted(found.values(), key=lambda f: (f.order, f.key)))


def get_figure(key: str) -> Figure | None:
    return next((f for f in all_figures() if f.key == key), None)


def hand_entered() -> list[Figure]:
    return [f for f in all_figures() if f.hand_entered]


@functools.cache
def all_datasets() -> tuple[Dataset, ...]:
    """The open-data download's datasets: the figures app's own (which read other apps'
    public entrances) and any an app lists as `DATASETS` in its figures.py."""
    from qualitymonth.figures.datasets import DATASETS

    found: dict[str, Dataset] = {dataset.key: dataset for dataset in DATASETS}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.figures"
        if importlib.util.find_spec(module_name) is None:
            continue
        for dataset in getattr(importlib.import_module(module_name), "DATASETS", ()):
            found[dataset.key] = dataset  # the owning app's own declaration wins
    return tuple(sorted(found.values(), key=lambda d: (d.order, d.key)))
