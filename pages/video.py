"""Reading a sign-language video before it is stored: size, frame rate, duration and
codec, with ``ffprobe`` (Debian's ``ffmpeg`` package, scripts/check_system.sh), and the
check of BITV 2.0 Anlage 2 Teil 2: at least 320 × 240 pixels and 25 frames per second.

ffprobe rather than a Python binding: it reads every container and codec browsers play,
comes with the operating system's security updates, and needs no wheel that bundles its
own copy of FFmpeg. It runs as a separate process with a time limit, on a file of staff
only (the admin), and its answer is JSON, so nothing of the file reaches a shell."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from django.utils.translation import gettext as _

from core.exceptions import Invalid

MIN_LONG_SIDE = 320
MIN_SHORT_SIDE = 240
MIN_FRAME_RATE = 25
# What the browsers' own <video> plays, in MP4 or WebM.
PLAYABLE_CODECS = {"h264": "H.264", "vp8": "VP8", "vp9": "VP9", "av1": "AV1"}
PLAYABLE_CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": "mp4", "matroska,webm": "webm"}
PROBE_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class VideoFacts:
    width: int
    height: int
    frame_rate: Fraction
    duration: datetime.timedelta
    codec: str
    container: str  # "mp4" or "webm"; "" for anything else


def ffprobe_command() -> str | None:
    return shutil.which("ffprobe")


def video_probe(path: str | Path) -> VideoFacts:
    """The facts of the video file at ``path``. Refuses with ``Invalid`` when the file is
    not a video ffprobe can read, or ffprobe is missing."""
    command = ffprobe_command()
    if command is None:
        raise Invalid(
            _(
                "Das Video kann auf diesem Server nicht geprüft werden: ffprobe fehlt "
                "(Paket ffmpeg). Bitte wenden Sie sich an den Betrieb."
            )
        )
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [
                command,
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                "-select_streams",
                "v:0",
                "--",
                str(path),
            ],
            capture_output=True,
            timeout=PROBE_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Invalid(_("Das Video konnte nicht in angemessener Zeit gelesen werden.")) from None
    if result.returncode != 0:
        raise Invalid(_("Die Datei ist kein lesbares Video."))
    try:
        answer = json.loads(result.stdout)
        stream = answer["streams"][0]
        container = answer["format"].get("format_name", "")
        width, height = int(stream["width"]), int(stream["height"])
        frame_rate = _rate(stream.get("avg_frame_rate")) or _rate(stream.get("r_frame_rate"))
        seconds = float(stream.get("duration") or answer["format"].get("duration") or 0)
    except (ValueError, KeyError, IndexError, TypeError, ZeroDivisionError):
        raise Invalid(_("Die Datei enthält keine Videospur, die sich lesen lässt.")) from None
    return VideoFacts(
        width=width,
        height=height,
        frame_rate=frame_rate or Fraction(0),
        duration=datetime.timedelta(seconds=round(seconds, 3)),
        codec=stream.get("codec_name", ""),
        container=PLAYABLE_CONTAINERS.get(container, ""),
    )


def _rate(value: str | None) -> Fraction | None:
    """ffprobe's "30000/1001"; "0/0" (unknown) gives None."""
    if not value:
        return None
    numerator, _slash, denominator = value.partition("/")
    if not denominator or int(denominator) == 0 or int(numerator) == 0:
        return None
    return Fraction(int(numerator), int(denominator))


def anlage2_problems(facts: VideoFacts) -> list[str]:
    """What keeps the video from meeting BITV 2.0 Anlage 2 and from playing in the site's
    own player; empty when it may be published. The resolution is checked for either
    orientation (320 × 240 or 240 × 320)."""
    problems = []
    long_side, short_side = max(facts.width, facts.height), min(facts.width, facts.height)
    if long_side < MIN_LONG_SIDE or short_side < MIN_SHORT_SIDE:
        problems.append(
            _(
                "Das Video hat %(width)d × %(height)d Pixel. Nötig sind mindestens "
                "%(min_width)d × %(min_height)d Pixel (BITV 2.0, Anlage 2)."
            )
            % {
                "width": facts.width,
                "height": facts.height,
                "min_width": MIN_LONG_SIDE,
                "min_height": MIN_SHORT_SIDE,
            }
        )
    if facts.frame_rate < MIN_FRAME_RATE:
        problems.append(
            _(
                "Das Video hat %(fps)s Bilder pro Sekunde. Nötig sind mindestens "
                "%(min_fps)d Bilder pro Sekunde (BITV 2.0, Anlage 2)."
            )
            % {"fps": f"{float(facts.frame_rate):.3g}", "min_fps": MIN_FRAME_RATE}
        )
    if facts.codec not in PLAYABLE_CODECS or not facts.container:
        problems.append(
            _(
                "Browser können dieses Video nicht selbst abspielen (%(codec)s). Bitte laden "
                "Sie MP4 mit H.264 oder WebM mit VP8, VP9 oder AV1 hoch."
            )
            % {"codec": facts.codec or _("unbekannt")}
        )
    if facts.duration <= datetime.timedelta(0):
        problems.append(_("Die Dauer des Videos lässt sich nicht lesen."))
    return problems


@contextmanager
def _local_path(upload):
    """A path on disk for an uploaded file: Django keeps large uploads in a temporary file
    already, small ones in memory (then written to one here)."""
    if hasattr(upload, "temporary_file_path"):
        yield upload.temporary_file_path()
        return
    suffix = Path(upload.name or "").suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        upload.seek(0)
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        upload.seek(0)
        yield copy.name


def video_check(upload) -> VideoFacts:
    """Read the uploaded file and refuse it with ``Invalid`` (every reason at once) unless
    it meets BITV 2.0 Anlage 2 and plays in browsers. Returns the facts to store."""
    with _local_path(upload) as path:
        facts = video_probe(path)
    problems = anlage2_problems(facts)
    if problems:
        raise Invalid(problems)
    return facts
