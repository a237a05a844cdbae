#!/usr/bin/env python3
"""bench/community_sync: the community tablet's sync endpoint with a batch of 100 dossiers with
photos (POST /api/v1/units/{code}/community/sync).

  1. starts `motcua serve --demo` (durable commits) in a temporary data directory, sets up a
     village's group and a member (API tokens, so no CSRF or second factor is involved);
  2. builds --rounds batches of --items items, each with --photos photos of about --photo-kib KiB
     (random pixels in a PNG, so nothing compresses or repeats: the worst case for the store)
     and a drawn signature, every item for a different resident;
  3. posts each batch once (every item filed: consent stored, authorisation recorded, photos
     stored, dossier filed through the dossier service, provisional code linked), then the same
     batch again (every item answered from what was kept, nothing filed twice);
  4. prints a table: batch size, seconds, dossiers/s, MB/s, for the first post and the resend.

Usage: community_sync.py [--build build] [--items 100] [--photos 2] [--photo-kib 120]
                         [--rounds 3]"""
import argparse
import base64
import json
import os
import random
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

UNIT = "03721"
PROC = "1.001193"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def png(width, height, rng):
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def call(base, method, path, token, body=None, timeout=600):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.loads(r.read() or b"null")


def token(build, data_dir, username, env):
    r = subprocess.run([os.path.join(build, "motcua"), "token", "create", "--data-dir", data_dir,
                        "--username", username, "--expires", "1d", "--name", "bench"],
                       capture_output=True, text=True, env=env, check=True)
    return r.stdout.strip().split()[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "..", "build"))
    ap.add_argument("--items", type=int, default=100)
    ap.add_argument("--photos", type=int, default=2)
    ap.add_argument("--photo-kib", type=int, default=120)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    tmp = tempfile.mkdtemp(prefix="motcua-bench-community-")
    env = dict(os.environ, MOTCUA_PASSWORD_HASH_MIB="8", MOTCUA_MAX_BODY_BYTES=str(256 << 20))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(tmp, "server.log"), "wb")
    server = subprocess.Popen([os.path.join(build, "motcua"), "serve", "--demo", "--data-dir", tmp,
                               "--listen", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT,
                              env=env)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        subprocess.run([os.path.join(build, "motcua"), "admin", "create", "--data-dir", tmp,
                        "--username", "bench.member", "--role", "community_member", "--unit", UNIT,
                        "--password-stdin"], input="bench-member-password\n", text=True,
                       env=env, check=True, capture_output=True)
        admin = token(build, tmp, "demo.province_admin", env)
        member = token(build, tmp, "bench.member", env)
        _, g = call(base, "POST", f"/api/v1/units/{UNIT}/community/groups", admin,
                    {"village": "Bản Đo", "village_kind": "ban", "population": 5000})
        call(base, "POST", f"/api/v1/units/{UNIT}/community/groups/{g['id']}/members", admin,
             {"username": "bench.member"})
        rng = random.Random(22)
        side = int((a.photo_kib * 1024 / 3) ** 0.5)
        signature = base64.b64encode(png(200, 60, rng)).decode()
        first, again = [], []
        for round_ in range(a.rounds):
            items = []
            for i in range(a.items):
                n = round_ * a.items + i
                items.append({
                    "client_key": f"bench-{round_}-{i:05d}-{rng.getrandbits(32):08x}",
                    "provisional_code": f"TAM-B{round_}-{i:04d}",
                    "procedure_code": PROC,
                    "applicant": {"full_name": f"Người dân {n}", "id_number": f"0141{n:08d}",
                                  "phone": f"09{n:08d}"},
                    "components": [{"name": "Tờ khai", "original": True}],
                    "photos": [{"name": f"anh-{k}.png", "component": "Ảnh giấy tờ",
                                "data": base64.b64encode(png(side, side, rng)).decode()}
                               for k in range(a.photos)],
                    "consent": {"method": "signature", "signature": signature},
                })
            body = {"batch_id": f"bench-{round_}", "items": items}
            size = len(json.dumps(body))
            t0 = time.perf_counter()
            st, r = call(base, "POST", f"/api/v1/units/{UNIT}/community/sync", member, body)
            t1 = time.perf_counter()
            assert st == 200 and r["filed"] == a.items, (st, {k: r[k] for k in ("filed", "refused", "retry")})
            st, r2 = call(base, "POST", f"/api/v1/units/{UNIT}/community/sync", member, body)
            t2 = time.perf_counter()
            assert st == 200 and all(x["replayed"] for x in r2["results"])
            assert [x["dossier_code"] for x in r2["results"]] == [x["dossier_code"] for x in r["results"]]
            first.append((t1 - t0, size))
            again.append((t2 - t1, size))
            print(f"[bench] round {round_ + 1}: {t1 - t0:.2f} s, resend {t2 - t1:.2f} s", file=sys.stderr)
        def row(name, runs):
            secs = statistics.median(t for t, _ in runs)
            size = runs[0][1]
            return (name, a.items, f"{size / 1e6:.1f}", f"{secs:.2f}", f"{a.items / secs:.0f}",
                    f"{size / 1e6 / secs:.1f}")
        rows = [row("first post (all filed)", first), row("resend (all replayed)", again)]
        head = ("case", "items", "batch MB", "median s", "dossiers/s", "MB/s")
        widths = [max(len(str(x[i])) for x in rows + [head]) for i in range(len(head))]
        print(f"community sync, {a.items} items x {a.photos} photos of ~{a.photo_kib} KiB, "
              f"{a.rounds} rounds, durable commits")
        print("| " + " | ".join(str(h).ljust(w) for h, w in zip(head, widths)) + " |")
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for r in rows:
            print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
