"""Helpers for the follow tests: an Ortsteil and a follow of every kind."""

import factory

from geo.models import District
from participation.notifications.models import Follow
from tests.factories import (
    CoreAreaFactory,
    IdeaFactory,
    MeasureBundleFactory,
    MeasureFactory,
    ProjectFactory,
    UserFactory,
)

SQUARE = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[11.58, 50.92], [11.59, 50.92], [11.59, 50.93], [11.58, 50.93], [11.58, 50.92]]]
    ],
}


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Ortsteil {n + 1}")
    slug = factory.Sequence(lambda n: f"ortsteil-{n + 1}")
    boundary = factory.LazyFunction(lambda: dict(SQUARE))


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)
    measure = factory.SubFactory(MeasureFactory)


def one_target_of_each_kind() -> dict:
    """A fresh public target of every followable kind."""
    return {
        "measure": MeasureFactory(),
        "bundle": MeasureBundleFactory(),
        "core_area": CoreAreaFactory(),
        "project": ProjectFactory(),
        "idea": IdeaFactory(),
        "district": DistrictFactory(),
    }


def follow_everything(user, count: int, kinds: tuple[str, ...] | None = None) -> None:
    """``count`` follows per kind (all kinds, or ``kinds``) for ``user``."""
    for _ in range(count):
        for kind, target in one_target_of_each_kind().items():
            if kinds is None or kind in kinds:
                Follow.objects.create(user=user, **{kind: target})
