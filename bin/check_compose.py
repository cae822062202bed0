"""Checks a compose file without a docker engine: bin/check-compose's fallback.

What ``docker compose config -q`` would refuse, as far as a file can show it:
YAML it cannot read (duplicate keys included), a variable reference it cannot
interpolate or a required variable that is unset, anything the compose
specification's JSON schema (vendored in vendor/compose-spec/) does not allow,
and a dependency or named volume that no service or volume declares.

Usage: python bin/check_compose.py [compose.yaml]  (exit 1 and the reasons if not)
"""

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "vendor" / "compose-spec" / "compose-spec.json"
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error},
# ${NAME:+other}, ${NAME+other}, $NAME; $$ is a literal dollar.
VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|(?P<plain>[A-Za-z_]\w*)"
    r"|\{(?P<name>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}|(?P<bad>))"
)


class UniqueKeyLoader(yaml.SafeLoader):
    """Refuses a mapping that names a key twice, as compose's parser does."""

    def construct_mapping(self, node, deep=False):
        # Before merging: a key that a merge (<<) brings in may be overridden.
        keys = [
            self.construct_object(key, deep=deep)
            for key, _ in node.value
            if key.tag != "tag:yaml.org,2002:merge"
        ]
        for key in keys:
            if keys.count(key) > 1:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", node.start_mark
                )
        return super().construct_mapping(node, deep=deep)


def interpolate(value: Any, env: dict[str, str], errors: list[str]) -> Any:
    if isinstance(value, dict):
        return {key: interpolate(item, env, errors) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env, errors) for item in value]
    if isinstance(value, str):
        return VARIABLE.sub(lambda match: _substitute(match, env, errors), value)
    return value


def _substitute(match: re.Match, env: dict[str, str], errors: list[str]) -> str:
    if match["escaped"]:
        return "$"
    if match["plain"]:
        return env.get(match["plain"], "")
    if match["name"] is None:
        errors.append(f"invalid interpolation at {match.string!r}")
        return ""
    name, op, arg = match["name"], match["op"] or "", match["arg"] or ""
    is_set = name in env and (env[name] != "" or not op.startswith(":"))
    if op.endswith("-"):
        return env[name] if is_set else arg
    if op.endswith("?"):
        if not is_set:
            errors.append(f"required variable {name} is missing a value: {arg}")
        return env.get(name, "")
    if op.endswith("+"):
        return arg if is_set else ""
    return env.get(name, "")


def dangling_references(config: dict) -> list[str]:
    """References to what is not there, with no profile active and with each
    one: a service in an inactive profile is not there to depend on."""
    all_services = config.get("services", {})
    profiles = {p for s in all_services.values() for p in s.get("profiles", [])}
    errors = []
    for active in [None, *sorted(profiles)]:
        services = {
            name: service
            for name, service in all_services.items()
            if not service.get("profiles") or active in service["profiles"]
        }
        errors += _dangling(services, config.get("volumes") or {})
    return errors


def _dangling(services: dict, volumes: dict) -> list[str]:
    errors = []
    for name, service in services.items():
        for dependency, condition in _dependencies(service).items():
            required = (condition or {}).get("required", True)
            if dependency not in services and required:
                errors.append(f"service {name} depends on {dependency}, undefined")
        for volume in service.get("volumes", []):
            source = volume.split(":")[0] if isinstance(volume, str) else ""
            named = source and not source.startswith((".", "/", "~"))
            if named and source not in volumes:
                errors.append(f"service {name} uses undefined volume {source}")
    return errors


def _dependencies(service: dict) -> dict:
    depends_on = service.get("depends_on", {})
    return dict.fromkeys(depends_on) if isinstance(depends_on, list) else depends_on


def check(path: Path, env: dict[str, str]) -> list[str]:
    """The reasons ``path`` is not a valid compose file; none if it is."""
    try:
        raw = yaml.load(path.read_text(), Loader=UniqueKeyLoader)
    except yaml.YAMLError as exc:
        return [f"not valid YAML: {exc}"]
    errors: list[str] = []
    config = interpolate(raw, env, errors)
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.Draft7Validator(schema)
    for error in sorted(validator.iter_errors(config), key=str):
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        errors.append(f"{where}: {error.message}")
    if not errors:
        errors += dangling_references(config)
    return errors


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else ROOT / "compose.yaml")
    errors = list(dict.fromkeys(check(path, dict(os.environ))))
    for error in errors:
        print(f"{path.name}: {error}", file=sys.stderr)
    if not errors:
        print(f"{path.name}: valid (compose-spec schema, interpolation, references)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
