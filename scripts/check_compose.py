"""Structural check of docker-compose.yml, for machines without `docker compose`.

`docker compose config -q` is the real parser; CI runs it where the compose plugin exists
and runs this check in any case. It catches what breaks a deployment most often: a missing
service, a dependency on a service that does not exist or has no health check, an
undeclared volume, a build context or Dockerfile that is not there, an env file that must
exist, an unknown key, or a ${VARIABLE} without a default.

And the proxy: the proxy service mounts deploy/nginx/jena-smart.conf — the one file
`make production-local` (scripts/production_local.py) runs too — as nginx's site, with
the files it includes, and the web nodes are reachable through it only.
"""

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_SERVICES = {"db", "redis", "web", "worker", "beat", "proxy"}
# The nginx site shared with scripts/production_local.py, where the proxy service must
# mount it, and the folder of this environment's files that it includes.
PROXY_CONF = "deploy/nginx/jena-smart.conf"
PROXY_CONF_TARGET = "/etc/nginx/conf.d/default.conf"
PROXY_ENV_DIR = "deploy/nginx/compose"
PROXY_ENV_TARGET = "/etc/nginx/jena-smart"
INCLUDE = re.compile(r"^\s*include\s+jena-smart/([\w.-]+);", re.MULTILINE)
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
    errors += check_proxy(services)
    return errors


def _binds(svc: dict) -> dict[str, tuple[str, bool]]:
    """A service's bind mounts: target -> (source relative to ROOT, read-only)."""
    found = {}
    for volume in svc.get("volumes") or []:
        if isinstance(volume, str):
            parts = volume.split(":")
            source, target = parts[0], parts[1] if len(parts) > 1 else ""
            read_only = len(parts) > 2 and "ro" in parts[2].split(",")
        else:
            source, target = volume.get("source", ""), volume.get("target", "")
            read_only = bool(volume.get("read_only"))
        if source.startswith("./"):
            found[target] = (source[2:].rstrip("/"), read_only)
    return found


def check_proxy(services: dict) -> list[str]:
    proxy, web = services.get("proxy"), services.get("web")
    if not isinstance(proxy, dict) or not isinstance(web, dict):
        return []
    errors = []
    binds = _binds(proxy)
    if binds.get(PROXY_CONF_TARGET) != (PROXY_CONF, True):
        errors.append(
            f"service proxy: must mount ./{PROXY_CONF} read-only at {PROXY_CONF_TARGET} "
            f"(the site make production-local runs too); found {binds.get(PROXY_CONF_TARGET)}"
        )
    if binds.get(PROXY_ENV_TARGET) != (PROXY_ENV_DIR, True):
        errors.append(
            f"service proxy: must mount ./{PROXY_ENV_DIR} read-only at {PROXY_ENV_TARGET}"
        )
    conf = ROOT / PROXY_CONF
    if not conf.is_file():
        errors.append(f"{PROXY_CONF} does not exist")
    else:
        for name in INCLUDE.findall(conf.read_text()):
            if not (ROOT / PROXY_ENV_DIR / name).is_file():
                errors.append(f"{PROXY_CONF} includes jena-smart/{name}: {PROXY_ENV_DIR}/{name} "
                              "is missing")
    if "ports" in web:
        errors.append("service web: publishes ports; it must be reachable through proxy only")
    local = (ROOT / "scripts" / "production_local.py").read_text()
    if '"deploy" / "nginx" / "jena-smart.conf"' not in local:
        errors.append(f"scripts/production_local.py does not run {PROXY_CONF}")
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
