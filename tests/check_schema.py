#!/usr/bin/python3
"""scenarios/schema.json against the scenario loader, on every shipped and every bad file.

    check_schema.py SOURCE_DIR CCSIM_BINARY

- The schema is a valid JSON Schema (draft 2020-12).
- Every shipped scenario (scenarios/*.json) and tests/data/journey.json: the schema accepts it
  and the loader accepts it (`ccsim run FILE -r 1` exits 0).
- Every bad file (tests/data/bad/*.json): the loader rejects it (exit 2), and so does the schema
  unless the file is listed in tests/data/bad/loader-only.txt with the reason a schema cannot
  reject it. A listed file must pass the schema, so that the list stays exact.

A strict JSON parser stands in front of the schema, as in any consumer of the format: numbers
that are not finite (1e400) are not JSON values. Uses Debian's python3-jsonschema.
"""
import json
import math
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("check_schema.py: needs python3-jsonschema (apt-get install python3-jsonschema)")
    sys.exit(1)

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def strict_json(path):
    def finite(text):
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(f"the number {text} is out of range")
        return value

    def not_json(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(path.read_text(encoding="utf-8"), parse_float=finite,
                      parse_constant=not_json)


def schema_problems(validator, path):
    try:
        document = strict_json(path)
    except (ValueError, UnicodeDecodeError) as error:
        return [f"not valid JSON: {error}"]
    return ["/" + "/".join(str(p) for p in error.absolute_path) + ": " + error.message
            for error in validator.iter_errors(document)]


def loader_status(ccsim, path):
    run = subprocess.run([ccsim, "run", str(path), "--replications", "1", "--threads", "1",
                          "--json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return run.returncode, run.stderr.strip()


def loader_only(bad_dir):
    listed = {}
    for line in (bad_dir / "loader-only.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, reason = line.split(":", 1)
            listed[name.strip()] = reason.strip()
    return listed


def main():
    source = pathlib.Path(sys.argv[1])
    ccsim = sys.argv[2]
    schema = json.loads((source / "scenarios" / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []

    valid = [p for p in sorted((source / "scenarios").glob("*.json")) if p.name != "schema.json"]
    valid.append(source / "tests" / "data" / "journey.json")
    for path in valid:
        for problem in schema_problems(validator, path):
            failures.append(f"{path.name}: valid, but the schema rejects it: {problem}")
        status, stderr = loader_status(ccsim, path)
        if status != EXIT_OK:
            failures.append(f"{path.name}: valid, but the loader exits {status}: {stderr}")

    bad_dir = source / "tests" / "data" / "bad"
    listed = loader_only(bad_dir)
    bad = sorted(bad_dir.glob("*.json"))
    names = {p.name for p in bad}
    for name in sorted(set(listed) - names):
        failures.append(f"loader-only.txt lists {name}, which is not a bad file")
    for path in bad:
        status, stderr = loader_status(ccsim, path)
        if status != EXIT_BAD_INPUT:
            failures.append(f"{path.name}: bad, but the loader exits {status}: {stderr}")
        problems = schema_problems(validator, path)
        if path.name in listed and problems:
            failures.append(f"{path.name}: listed as loader-only, but the schema rejects it "
                            f"too, so take it off the list: {problems[0]}")
        if path.name not in listed and not problems:
            failures.append(f"{path.name}: the loader rejects it ({stderr.splitlines()[0]}) but "
                            "the schema accepts it; tighten the schema, or list the file in "
                            "loader-only.txt with the reason a schema cannot reject it")

    checked = f"{len(valid)} valid and {len(bad)} bad files ({len(listed)} loader-only)"
    if failures:
        print("\n".join(failures))
        print(f"FAILED: schema and loader disagree, over {checked}")
        return 1
    print(f"schema and loader agree on {checked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
