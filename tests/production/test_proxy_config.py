"""One nginx site for both paths: docker-compose.yml's proxy service mounts
deploy/nginx/jena-smart.conf, and scripts/production_local.py (make production-local,
tests/production/test_two_nodes.py) includes the very same file; only the two small
files it includes differ. No services needed."""

import argparse
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT / "deploy" / "nginx" / "jena-smart.conf"


def _script(name: str):
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"jena_smart_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_compose_proxy_mounts_the_shared_site_and_web_has_no_port():
    check_compose = _script("check_compose")
    assert check_compose.check(ROOT / "docker-compose.yml") == []
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert "./deploy/nginx/jena-smart.conf:/etc/nginx/conf.d/default.conf:ro" in (
        services["proxy"]["volumes"]
    )
    assert "ports" not in services["web"]


def test_check_compose_notices_another_site_file(tmp_path):
    check_compose = _script("check_compose")
    text = (ROOT / "docker-compose.yml").read_text()
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(text.replace("./deploy/nginx/jena-smart.conf:", "./deploy/nginx/copy.conf:"))
    assert any("jena-smart.conf" in error for error in check_compose.check(broken))


def test_production_local_includes_the_same_file_and_writes_both_includes(tmp_path):
    production_local = _script("production_local")
    args = argparse.Namespace(
        port=18080, node_ports=[18001, 18002], static_root=tmp_path / "static"
    )
    conf = production_local.write_nginx_config(args, directory=tmp_path)
    assert f"include {SHARED};" in conf.read_text()
    included = set(re.findall(r"include jena-smart/([\w.-]+);", SHARED.read_text()))
    assert included == {"upstream.conf", "site.conf"}
    for name in included:
        assert (tmp_path / "nginx" / "jena-smart" / name).is_file()
        assert (ROOT / "deploy" / "nginx" / "compose" / name).is_file()
    nginx = production_local.nginx_binary()
    if nginx is None:
        pytest.skip("nginx is not installed: the generated configuration is not tested")
    (tmp_path / "logs").mkdir()
    test = subprocess.run(
        [nginx, "-t", "-q", "-e", str(tmp_path / "logs" / "error.log"), "-c", str(conf)],
        capture_output=True, text=True, check=False,
    )
    assert test.returncode == 0, test.stderr


def test_only_idempotent_requests_go_on_to_the_next_node():
    text = SHARED.read_text()
    assert "proxy_next_upstream error timeout http_502 http_503;" in text
    assert "non_idempotent" not in re.sub(r"#.*", "", text)
