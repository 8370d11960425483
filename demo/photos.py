"""Photos of the demo ideas, drawn with Pillow: a few simple scenes (a path at night, an
underpass, benches, a fountain, a waste bin), the same bytes for the same seed on every
run, so no picture needs to live in the repository. ``demo.participation`` attaches them
(``DEMO_PHOTOS``)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

SCENES = ("path_at_night", "underpass", "benches", "fountain", "bin")
PHOTO_SIZE = (960, 640)


def _gradient(draw: ImageDraw.ImageDraw, box, top, bottom) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        t = (y - y0) / max(1, y1 - y0 - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(x0, y), (x1, y)], fill=colour)


def demo_photo(scene: str, *, seed: str) -> bytes:
    """A JPEG of ``scene`` (a key of the scenes below), drawn from ``seed`` alone: the
    same bytes on every run. Simple shapes, recognisable as the idea's place."""
    rng = random.Random(seed)
    width, height = PHOTO_SIZE
    horizon = round(height * rng.uniform(0.55, 0.62))
    night = scene in {"path_at_night", "underpass"}
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    sky = ((12, 18, 48), (40, 52, 92)) if night else ((110, 170, 230), (200, 225, 245))
    _gradient(draw, (0, 0, width, horizon), *sky)
    ground = ((30, 40, 30), (20, 26, 20)) if night else ((120, 160, 90), (80, 120, 60))
    _gradient(draw, (0, horizon, width, height), *ground)
    if night:
        for _star in range(60):
            x, y = rng.randrange(width), rng.randrange(horizon - 20)
            draw.point((x, y), fill=(230, 230, 200))
    # Trees along the horizon.
    for _tree in range(rng.randint(5, 9)):
        x = rng.randrange(width)
        r = rng.randint(30, 60)
        leaves = (18, 40, 22) if night else (50, 110, 50)
        draw.rectangle((x - 5, horizon - r, x + 5, horizon + 10), fill=(70, 50, 35))
        draw.ellipse((x - r, horizon - 2 * r - 20, x + r, horizon - 10), fill=leaves)

    if scene == "path_at_night":
        river = (20, 30, 70)
        draw.polygon(
            [(0, height), (0, horizon + 40), (width, horizon + 10), (width, height - 200)],
            fill=river,
        )
        draw.polygon(
            [
                (width * 0.35, height),
                (width * 0.55, horizon),
                (width * 0.6, horizon),
                (width * 0.75, height),
            ],
            fill=(60, 60, 55),
        )
        x = round(width * 0.62)
        draw.rectangle((x, horizon - 120, x + 4, horizon), fill=(90, 90, 90))
        draw.ellipse((x - 40, horizon - 160, x + 44, horizon - 80), fill=(70, 70, 40))
        draw.ellipse((x - 8, horizon - 130, x + 12, horizon - 112), fill=(255, 230, 150))
    elif scene == "underpass":
        draw.rectangle((0, 0, width, height), fill=(35, 35, 40))
        draw.ellipse((width * 0.2, height * 0.15, width * 0.8, height * 1.3), fill=(12, 12, 16))
        draw.ellipse((width * 0.4, height * 0.45, width * 0.6, height * 0.75), fill=(70, 80, 90))
        draw.polygon(
            [
                (width * 0.25, height),
                (width * 0.45, height * 0.7),
                (width * 0.55, height * 0.7),
                (width * 0.75, height),
            ],
            fill=(55, 55, 58),
        )
        draw.ellipse(
            (width * 0.48, height * 0.2, width * 0.52, height * 0.24), fill=(200, 190, 120)
        )
    elif scene == "benches":
        draw.ellipse((width - 160, 40, width - 80, 120), fill=(255, 240, 160))
        draw.polygon(
            [
                (width * 0.3, height),
                (width * 0.48, horizon),
                (width * 0.52, horizon),
                (width * 0.7, height),
            ],
            fill=(200, 190, 170),
        )
        for x in (width * 0.12, width * 0.76):
            x = round(x)
            draw.rectangle((x, height - 190, x + 160, height - 170), fill=(130, 90, 50))
            draw.rectangle((x, height - 230, x + 160, height - 212), fill=(130, 90, 50))
            for leg in (x + 10, x + 140):
                draw.rectangle((leg, height - 170, leg + 8, height - 130), fill=(60, 60, 60))
    elif scene == "fountain":
        for i in range(rng.randint(4, 6)):
            x = round(i * width / 5) + rng.randint(-10, 10)
            h = rng.randint(160, 240)
            colour = rng.choice([(220, 190, 150), (200, 120, 100), (230, 220, 190)])
            draw.rectangle((x, horizon - h, x + width // 5 - 8, horizon), fill=colour)
            draw.polygon(
                [
                    (x - 6, horizon - h),
                    (x + width // 10, horizon - h - 60),
                    (x + width // 5, horizon - h),
                ],
                fill=(150, 70, 60),
            )
        draw.rectangle((0, horizon, width, height), fill=(170, 165, 160))
        for y in range(horizon, height, 24):
            draw.line([(0, y), (width, y)], fill=(150, 145, 140))
        cx = width // 2
        draw.rectangle((cx - 30, height - 320, cx + 30, height - 120), fill=(110, 120, 130))
        draw.rectangle((cx - 80, height - 130, cx + 80, height - 100), fill=(90, 100, 110))
        draw.arc(
            (cx + 10, height - 330, cx + 90, height - 230), 180, 300, fill=(120, 180, 240), width=6
        )
    elif scene == "bin":
        draw.polygon(
            [(0, height), (0, height - 120), (width, height - 60), (width, height)],
            fill=(40, 90, 150),
        )
        x, y = width // 2 - 60, height - 330
        draw.rectangle((x, y, x + 120, y + 200), fill=(60, 70, 80))
        draw.rectangle((x + 50, y + 200, x + 70, y + 260), fill=(60, 60, 60))
        for _item in range(14):
            px, py = x + rng.randint(-40, 140), y + rng.randint(-40, 10)
            draw.rectangle(
                (px, py, px + rng.randint(15, 40), py + rng.randint(10, 30)),
                fill=rng.choice([(230, 230, 230), (200, 60, 50), (240, 200, 60)]),
            )
    output = io.BytesIO()
    image.save(output, "JPEG", quality=85, optimize=True)
    return output.getvalue()
