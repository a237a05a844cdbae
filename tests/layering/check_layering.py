#!/usr/bin/env python3
"""Checks the dependency direction of the layers by compiling one-line files.

For each layer L and each other layer M, `#include "M/<header>"` compiled with L's include path
must fail when M is not below L (cli → {api, web} → service → {store, render} → domain → base;
http a leaf used by api and web), and must succeed when it is a direct dependency (positive
control, so a failure is about visibility and not a broken header).
"""
import json, os, subprocess, sys, tempfile

ALLOWED = {  # direct dependencies (transitive ones are allowed too)
    "base": [],
    "domain": ["base"],
    "store": ["domain"],
    "render": ["domain"],
    "service": ["store", "render"],
    "http": ["base"],
    "api": ["service", "http"],
    "web": ["service", "http"],
    "cli": ["api", "web"],
}
HEADER = {
    "base": "base/status.h", "domain": "domain/event.h", "store": "store/store.h",
    "render": "render/qr.h", "service": "service/platform/site_service.h", "http": "http/message.h",
    "api": "api/routes.h", "web": "web/pages.h", "cli": "cli/options.h",
}


def closure(layer):
    seen, todo = set(), [layer]
    while todo:
        for d in ALLOWED[todo.pop()]:
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen


def main():
    cxx, includes_file = sys.argv[1], sys.argv[2]
    includes = json.load(open(includes_file))
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for layer, deps in ALLOWED.items():
            flags = [f"-I{d}" for d in includes[layer].split(";") if d]
            allowed = closure(layer) | {layer}
            for other in ALLOWED:
                if other == layer:
                    continue
                src = os.path.join(tmp, f"{layer}_{other}.cc")
                with open(src, "w") as f:
                    f.write(f'#include "{HEADER[other]}"\n')
                want_ok = other in deps  # positive control: direct dependencies only
                if other in allowed and not want_ok:
                    continue  # transitive: allowed, not compiled (time)
                r = subprocess.run([cxx, "-std=c++20", "-fsyntax-only", *flags, src],
                                   capture_output=True, text=True)
                ok = r.returncode == 0
                if want_ok and not ok:
                    failures.append(f"{layer} should see {HEADER[other]} but cannot:\n{r.stderr[:500]}")
                if not want_ok and ok:
                    failures.append(f"{layer} can include {HEADER[other]}: the layering leaks")
                # g++ says "No such file or directory", clang++ (the sanitizer build) "file not found".
                hidden = "No such file" in r.stderr or "file not found" in r.stderr
                if not want_ok and not ok and not hidden:
                    failures.append(f"{layer} → {other} failed for another reason:\n{r.stderr[:500]}")
                print(f"{layer:8} → {other:8} {'visible' if ok else 'hidden'}"
                      f" ({'expected' if ok == want_ok else 'WRONG'})")
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
