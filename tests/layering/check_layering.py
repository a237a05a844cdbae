#!/usr/bin/env python3
"""Checks the dependency direction of the layers by compiling one-line files.

For each layer L and each other layer M, `#include "M/<header>"` compiled with L's include path
must fail when M is not below L (cli → {api, web} → service → {store, render} → domain → base;
http a leaf used by api and web), and must succeed when it is a direct dependency (positive
control, so a failure is about visibility and not a broken header).

Then the features inside the layers: the table in docs/architecture.md ("Features inside the
layers") says which feature folder may include which, and which tables each owns; every
#include between feature folders and every table named in SQL outside its owner is checked
(`--features-only` runs this part alone).
"""
import json, os, re, subprocess, sys, tempfile

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


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z]+)/([a-z0-9_]+)/', re.M)
TABLE_USE = re.compile(r'\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)', re.I)


def feature_table(doc_text):
    """Returns {feature folder: (set of folders it may use, set of tables it owns)} from the table
    between <!-- features:begin --> and <!-- features:end --> in docs/architecture.md."""
    body = doc_text.split("<!-- features:begin -->")[1].split("<!-- features:end -->")[0]
    table = {}
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names = lambda cell: {c.strip().strip("`") for c in cell.split(",") if c.strip() not in ("", "—")}
        table[cells[0].strip("`")] = (names(cells[1]), names(cells[2]))
    return table


def feature_of(rel):
    """`service/dossier` for src/service/dossier/x.cc; None for a layer's flat files."""
    parts = rel.split("/")
    return "/".join(parts[:2]) if len(parts) >= 3 else None


def check_features(table, files):
    """files: {path relative to src: text}. Returns the violations of the feature table: includes
    between feature folders it does not allow, and SQL naming a table another feature owns."""
    owner = {t: f for f, (_, tables) in table.items() for t in tables}
    wild = {t[:-1]: f for t, f in owner.items() if t.endswith("*")}
    def owner_of(t):
        return owner.get(t) or next((f for p, f in wild.items() if t.startswith(p)), None)
    problems = []
    for rel, text in sorted(files.items()):
        if rel.endswith("_test.cc") or "_for_test" in rel:
            continue
        feat = feature_of(rel)
        if feat is not None and feat not in table:
            problems.append(f"{rel}: the feature folder {feat} has no row in the feature table "
                            "(docs/architecture.md)")
            continue
        for m in INCLUDE.finditer(text):
            dst = f"{m.group(1)}/{m.group(2)}"
            if feat is None or dst == feat or dst not in table:
                continue  # flat files and composition roots: the layer check applies
            if dst not in table[feat][0]:
                problems.append(f"{rel}: {feat} includes {dst}, which the feature table does not allow")
        if rel.endswith(".cc") and rel.split("/")[0] != "store":
            for m in TABLE_USE.finditer(text):
                t = m.group(1).lower()
                o = owner_of(t)
                if o is not None and o != feat:
                    problems.append(f"{rel}: uses the table {t}, owned by {o}; ask {o}'s service")
    return problems




def features_main():
    table = feature_table(open(os.path.join(ROOT, "docs", "architecture.md"), encoding="utf-8").read())
    files = {}
    src = os.path.join(ROOT, "src")
    for dirpath, _, names in os.walk(src):
        for n in names:
            if n.endswith((".cc", ".h")):
                p = os.path.join(dirpath, n)
                files[os.path.relpath(p, src)] = open(p, encoding="utf-8").read()
    problems = check_features(table, files)
    # Negative controls: the check must catch a lower feature including a higher one, a sibling
    # page including another, and a feature writing another's table.
    some_owned = next(t for _, (_, ts) in sorted(table.items()) for t in ts if not t.endswith("*"))
    probes = {
        "service/platform/probe.cc": '#include "service/dossier/dossier_service.h"\n',
        "web/kit/probe.cc": '#include "web/desk/desk_pages.h"\n',
        "web/desk/probe.cc": f'const char* q = "UPDATE {some_owned} SET x = 1";\n',
    }
    caught = check_features(table, probes)
    if len(caught) != 3:
        problems.append(f"the feature check misses a planted violation: caught {caught}")
    for p in problems:
        print("FAIL:", p)
    print(f"features: {len(table)} folders, {len(files)} files, {len(problems)} problems")
    return problems


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--features-only":
        sys.exit(1 if features_main() else 0)
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
    failures += features_main()
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
