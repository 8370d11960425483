"""Structural check of docker-compose.yml, for machines without `docker compose`.

`docker compose config -q` is the real parser; CI runs it where the compose plugin exists
and runs this check in any case. It catches what breaks a deployment most often: a missing
service, a dependency on a service that does not exist or has no health check, an
undeclared volume, a build context or Dockerfile that is not there, an env file that must
exist, an unknown key, or a ${VARIABLE} without a default.
"""

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_SERVICES = {"db", "redis", "web", "worker", "beat"}
TOP_LEVEL_KEYS = {
    "version",
    "name",
    "services",
    "networks",
    "volumes",
    "configs",
    "secrets",
    "include",
}
SERVICE_KEYS = {
    "build",
    "image",
    "command",
    "entrypoint",
    "environment",
    "env_file",
    "depends_on",
    "volumes",
    "ports",
    "expose",
    "healthcheck",
    "restart",
    "networks",
    "labels",
    "user",
    "working_dir",
    "deploy",
    "logging",
    "profiles",
    "container_name",
    "stop_signal",
    "stop_grace_period",
    "init",
    "tmpfs",
    "read_only",
    "cap_drop",
    "cap_add",
    "security_opt",
    "ulimits",
    "extra_hosts",
    "secrets",
    "configs",
    "pull_policy",
    "platform",
    "hostname",
    "shm_size",
    "develop",
    "scale",
}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
VARIABLE = re.compile(r"(?<!\$)\$\{([^}]+)\}")


def check(path: Path) -> list[str]:
    errors: list[str] = []
    text = path.read_text()
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        return [f"{path.name}: not a mapping"]

    for key in data:
        if key not in TOP_LEVEL_KEYS and not str(key).startswith("x-"):
            errors.append(f"unknown top-level key {key!r}")
    for var in VARIABLE.findall(text):
        if ":-" not in var and "-" not in var and ":?" not in var:
            errors.append(f"${{{var}}} has no default: `docker compose config` warns or fails")

    services = data.get("services") or {}
    missing = REQUIRED_SERVICES - set(services)
    if missing:
        errors.append(f"missing services: {sorted(missing)}")
    declared_volumes = set((data.get("volumes") or {}).keys())

    for name, svc in services.items():
        where = f"service {name}"
        if not isinstance(svc, dict):
            errors.append(f"{where}: not a mapping")
            continue
        for key in svc:
            if key not in SERVICE_KEYS and not str(key).startswith("x-"):
                errors.append(f"{where}: unknown key {key!r}")
        if "image" not in svc and "build" not in svc:
            errors.append(f"{where}: needs image or build")
        build = svc.get("build")
        if build is not None:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = (
                "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            )
            if not (ROOT / context).is_dir():
                errors.append(f"{where}: build context {context} does not exist")
            elif not (ROOT / context / dockerfile).is_file():
                errors.append(f"{where}: {dockerfile} does not exist in {context}")
        for cmd_key in ("command", "entrypoint"):
            value = svc.get(cmd_key)
            if value is not None and not isinstance(value, str | list):
                errors.append(f"{where}: {cmd_key} must be a string or a list")
        env_files = svc.get("env_file") or []
        for entry in [env_files] if isinstance(env_files, str | dict) else env_files:
            file, required = (
                (entry, True)
                if isinstance(entry, str)
                else (entry.get("path"), entry.get("required", True))
            )
            if required and not (ROOT / file).exists():
                errors.append(f"{where}: env_file {file} is required but does not exist")
        depends = svc.get("depends_on") or {}
        items = {d: {} for d in depends} if isinstance(depends, list) else depends
        for dep, spec in items.items():
            if dep not in services:
                errors.append(f"{where}: depends on unknown service {dep}")
                continue
            condition = (spec or {}).get("condition", "service_started")
            if condition not in CONDITIONS:
                errors.append(f"{where}: unknown condition {condition}")
            if condition == "service_healthy" and "healthcheck" not in services[dep]:
                errors.append(f"{where}: waits for {dep} to be healthy, but it has no healthcheck")
        for volume in svc.get("volumes") or []:
            source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source")
            is_named = source and not source.startswith((".", "/", "~", "$"))
            if is_named and source not in declared_volumes:
                errors.append(f"{where}: volume {source} is not declared under volumes:")
        healthcheck = svc.get("healthcheck")
        if healthcheck is not None and "test" not in healthcheck:
            errors.append(f"{where}: healthcheck without test")
    return errors


def main() -> int:
    path = ROOT / "docker-compose.yml"
    errors = check(path)
    if errors:
        print(f"{path.name}: {len(errors)} problem(s):")
        for error in errors:
            print(f"  - {error}")
        return 1
    services = ", ".join(sorted(yaml.safe_load(path.read_text())["services"]))
    print(f"{path.name}: structure ok (services: {services})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
