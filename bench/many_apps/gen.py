#!/usr/bin/env python3
"""Writes N distinct apps (each its own folder, code and hostname) and one
nano.json serving them all.

usage: gen.py N DIR [--workers W]
  DIR/apps/app00001/index.js ... and DIR/nano.json;
  app i answers `app{i} ok` for Host app{i}.bench.test; the admin listener
  takes its token from $NANOJS_BENCH_TOKEN
"""
import json, os, sys

n, out = int(sys.argv[1]), sys.argv[2]
workers = int(sys.argv[sys.argv.index("--workers") + 1]) if "--workers" in sys.argv else 2
os.makedirs(os.path.join(out, "apps"), exist_ok=True)
apps = []
for i in range(1, n + 1):
    name = f"app{i:05d}"
    folder = os.path.join(out, "apps", name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "index.js"), "w") as f:
        f.write(
            "// A distinct app: its own code, answering with its own name.\n"
            f"const NAME = '{name}';\n"
            "export default { fetch() { return new Response(NAME + ' ok') } }\n"
        )
    apps.append({"name": name, "hostname": f"{name}.bench.test", "path": f"apps/{name}"})
with open(os.path.join(out, "nano.json"), "w") as f:
    # The admin listener (port 0: any free one) serves /metrics, which has
    # each app's isolate count and QuickJS heap size.
    admin = {"port": 0, "token_env": "NANOJS_BENCH_TOKEN"}
    json.dump({"port": 0, "workers": workers, "admin": admin, "apps": apps}, f, indent=1)
print(f"{n} apps in {out}")
