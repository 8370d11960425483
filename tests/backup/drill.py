"""A Jena Smart site of the test's own, driven like an operator drives one: manage.py
in subprocesses with the environment of production (settings.py, no test settings), so
``backup`` and ``restore`` run exactly as ``make backup`` / ``make restore`` run them."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "backup-drill-secret-key-0123456789-0123456789-0123456789"

# Runs in the site's process (manage.py shell -c): idea photos in the public storage
# and a report PDF in the private one, through the site's storages.
ADD_FILES = r"""
import datetime, io, random
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from core.storage import private_storage
from participation.ideas.models import Idea
from reports.models import StatusReport

rng = random.Random(13)
for idea in Idea.objects.order_by("pk")[:4]:
    picture = Image.new("RGB", (64, 48), tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    name = default_storage.save(f"ideas/2026/05/foto-{idea.pk}.jpg", ContentFile(buffer.getvalue()))
    Idea.objects.filter(pk=idea.pk).update(image=name, image_alt="Foto")
pdf = private_storage().save(
    "reports/sachstandsbericht-2026-1.pdf", ContentFile(b"%PDF-1.7\n" + bytes(range(256)) * 40)
)
StatusReport.objects.create(
    title="Sachstandsbericht 1/2026", period_start=datetime.date(2026, 1, 1),
    period_end=datetime.date(2026, 6, 30), as_of=datetime.date(2026, 6, 30),
    state=StatusReport.State.PUBLISHED, pdf=pdf,
)
"""


@dataclass
class Site:
    env: dict[str, str] = field(default_factory=dict)

    def manage(self, *args: str, check: bool = True, **extra_env: str):
        env = {**self.env, **extra_env}
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"manage.py {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result


def site_environment(**values: str) -> dict[str, str]:
    """The production settings (DEBUG off) with the given variables; no Redis, so Celery
    runs eagerly and nothing reaches another process's broker."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("S3_", "DJANGO_", "PYTEST_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="jena_smart.settings",
        DEBUG="false",
        SECRET_KEY=SECRET,
        REDIS_URL="",
        LOG_LEVEL="WARNING",
        EMAIL_URL="consolemail://",
    )
    env.update(values)
    return env


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def folder_files(root: Path) -> dict[str, str]:
    """Every file under ``root`` by its name there: sha256."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): sha256(path.read_bytes())
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup_folder(output: str) -> Path:
    """The folder the backup command names on its last line ("Sicherung: …")."""
    line = [line for line in output.splitlines() if line.startswith("Sicherung: ")][-1]
    return Path(line.removeprefix("Sicherung: ").strip())
