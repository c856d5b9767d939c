"""Serve the public view from several processes over one read-only snapshot of the store.

A DuckDB file admits one writing process or any number of read-only ones. The staff dashboard
(`bash scripts/run.sh`) is the one writer, over data/pledges.duckdb; the public processes open a
published snapshot (data/public.duckdb) read-only (PLEDGE_DB_READ_ONLY=1), so each runs its own
Python interpreter (its own GIL) on its own core. Publishing = checkpointing the store, copying
it into a new snapshot file and restarting the public processes; until then they show the
figures of the last publication.

    .venv/bin/python scripts/serve_public.py                      # 2 processes on 8601, 8602
    .venv/bin/python scripts/serve_public.py --processes 3 --port 8701 --source /path/store.duckdb

The copy needs the working store free (the staff dashboard stopped for the moment of the copy),
or --no-publish to serve the last snapshot. Put a balancer in front that keeps a visitor on one
process (its websocket and its downloads live there): the nginx block printed at start-up.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from scripts.ready import probe  # noqa: E402
NGINX = """upstream pledge_public {{
    ip_hash;                      # one visitor, one process
{servers}
}}
server {{
    listen 80;
    location / {{
        proxy_pass http://pledge_public;
        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;   # Streamlit's websocket (/_stcore/stream)
        proxy_set_header Connection "upgrade";
        proxy_set_header Host $host;
        proxy_read_timeout 86400;
    }}
}}"""


def publish(source: Path, snapshot: Path) -> None:
    """Open the store (migrated; this proves no other process holds it), checkpoint it (its
    write-ahead log folded into the file), copy it to a new file and move that into place."""
    from data.build import open_store
    from data.store import StoreError
    try:
        con = open_store(source)          # migrated: the read-only processes cannot migrate it
        con.execute("CHECKPOINT")
        con.close()
    except (StoreError, duckdb.Error) as err:
        raise SystemExit(f"스냅숏을 만들지 못했습니다: {source} — 직원용 대시보드가 열고 있다면 잠시 닫고 "
                         f"다시 실행하거나, --no-publish로 마지막 스냅숏을 쓰세요 ({str(err).splitlines()[0]})")
    fresh = snapshot.with_suffix(".new")
    shutil.copyfile(source, fresh)
    os.replace(fresh, snapshot)


def serve(snapshot: Path, processes: int, port: int) -> list[subprocess.Popen]:
    env = {**os.environ, "PLEDGE_DB": str(snapshot), "PLEDGE_DB_READ_ONLY": "1"}
    return [subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port + i),
                              "--server.headless", "true", "--server.address", "127.0.0.1",
                              "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env)
            for i in range(processes)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/serve_public.py", description="공개 화면을 여러 프로세스로 제공")
    parser.add_argument("--processes", type=int, default=2, help="프로세스 수 (기본 2: 코어 수)")
    parser.add_argument("--port", type=int, default=8601, help="첫 프로세스의 포트 (이후 1씩 증가)")
    parser.add_argument("--source", type=Path, default=Path(os.environ.get("PLEDGE_DB") or ROOT / "data" / "pledges.duckdb"))
    parser.add_argument("--snapshot", type=Path, default=ROOT / "data" / "public.duckdb")
    parser.add_argument("--no-publish", action="store_true", help="스냅숏을 새로 만들지 않고 마지막 것을 씀")
    args = parser.parse_args(argv)
    if not args.no_publish:
        publish(args.source, args.snapshot)
    elif not args.snapshot.exists():
        raise SystemExit(f"스냅숏이 없습니다: {args.snapshot}")
    procs = serve(args.snapshot, args.processes, args.port)
    for i in range(args.processes):        # each process warmed before the balancer sends anyone
        if not probe(f"http://127.0.0.1:{args.port + i}"):
            print(f"포트 {args.port + i}의 프로세스가 준비되지 않았습니다", file=sys.stderr)
    servers = "\n".join(f"    server 127.0.0.1:{args.port + i};" for i in range(args.processes))
    print(f"공개 화면: {args.processes}개 프로세스, 포트 {args.port}–{args.port + args.processes - 1}, "
          f"스냅숏 {args.snapshot}\n앞에 둘 nginx 설정:\n" + NGINX.format(servers=servers), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(p.poll() is None for p in procs):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
