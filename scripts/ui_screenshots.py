"""Screenshots of the Prefect UI after a demo run (outside CI; needs Debian's chromium).

    python scripts/ui_screenshots.py [--out shots/]

Runs `ainews demo` in a fresh project folder, starts `ainews ui` on a free port
over the same PREFECT_HOME, finds the demo's flow run and its summary artifact
through the API, and saves headless-Chromium screenshots of the flow-run page,
the artifact page and the artifacts list.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shoot(chromium: str, url: str, out: Path) -> None:
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tempfile.mkdtemp()}", "--window-size=1400,1000",
                    "--virtual-time-budget=15000", f"--screenshot={out}", url],
                   check=True, capture_output=True, timeout=120)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("shots"))
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("chromium not found: apt-get install chromium")
    ainews = str(Path(sys.executable).with_name("ainews"))
    work = Path(tempfile.mkdtemp(prefix="ainews-shots-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    subprocess.run([ainews, "demo", "--port", "0"], cwd=work, env=env, check=True, capture_output=True)
    port = free_port()
    ui = subprocess.Popen([ainews, "ui", "--port", str(port)], cwd=work, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(180):
            try:
                if httpx.get(api + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        run = httpx.post(api + "/flow_runs/filter", json={"flow_runs": {"name": {"like_": "nightly-"}}}).json()[0]
        art = httpx.post(api + "/artifacts/filter", json={"artifacts": {"key": {"any_": ["nightly-summary"]}}}).json()[0]
        args.out.mkdir(parents=True, exist_ok=True)
        base = f"http://127.0.0.1:{port}"
        for name, url in (("flow-run.png", f"{base}/runs/flow-run/{run['id']}"),
                          ("artifact.png", f"{base}/artifacts/artifact/{art['id']}"),
                          ("artifacts.png", f"{base}/artifacts")):
            shoot(chromium, url, args.out / name)
            print(args.out / name)
    finally:
        ui.terminate()
        ui.wait(timeout=30)


if __name__ == "__main__":
    main()
