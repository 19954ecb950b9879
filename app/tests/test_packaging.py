"""Static checks of the container recipe and the pinned requirements."""

import re
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent
DOCKERFILE = (APP_DIR / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    """Arguments of the top-level `name` instructions (not a HEALTHCHECK's continued CMD)."""
    pattern = re.compile(rf"^{name}\s+(.*)$")
    return [m.group(1) for m in map(pattern.match, DOCKERFILE.splitlines()) if m]


def test_base_image_is_pinned_to_a_patch_release() -> None:
    (base,) = instructions("FROM")
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim(-\w+)?", base), base


def test_container_runs_as_a_non_root_user() -> None:
    users = instructions("USER")
    assert users, "no USER instruction"
    assert users[-1] not in ("root", "0"), users[-1]


def test_uvicorn_listens_on_all_interfaces_port_8080() -> None:
    (cmd,) = instructions("CMD")
    assert '"main:app"' in cmd
    assert '"--host", "0.0.0.0"' in cmd
    assert '"--port", "8080"' in cmd
    assert instructions("EXPOSE") == ["8080"]


def test_every_requirement_is_pinned() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (APP_DIR / name).read_text().splitlines():
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("-r "):
                continue
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), f"{name}: {line}"
