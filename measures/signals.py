"""Side concerns only: keep the cached roll-up in step with the data."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Measure, MeasureBundle
from .rollup import invalidate_strategy_progress


def _invalidate(sender, **kwargs) -> None:
    invalidate_strategy_progress()


def connect() -> None:
    for model in (Measure, MeasureBundle):
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"rollup-save-{model.__name__}")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=f"rollup-del-{model.__name__}")
    m2m_changed.connect(
        _invalidate, sender=MeasureBundle.core_areas.through, dispatch_uid="rollup-core-areas"
    )
