"""Loads YAML texts with PyYAML as Python tools load a card's front matter, one verdict per text.

`huggingface_hub`'s `metadata_load` and `RepoCard.content` (`ModelCard.load`, `DatasetCard.load`)
call `yaml.safe_load` on the front matter (the pure-Python `SafeLoader`, not libyaml's), and
`RepoCard` then passes the top-level mapping as keyword arguments (`card_data_class(**data)`).

stdin: one JSON string per line (the YAML text). stdout: one JSON object per line, in order:
{"ok": true, "gate": <the gate keys' values, normalised>, "kwargs": <null, or why
`card_data_class(**data)` fails>} or {"ok": false, "error": "<PyYAML's message>", "line": N,
"column": N} (1-based, where PyYAML says the problem is; 0 when it does not say). tests/pyyaml.rs
runs it; the normalisation is the one tests/pyyaml/load.js applies to js-yaml's values.
"""

import base64
import datetime
import json
import math
import sys

import yaml

GATE_KEYS = ("gated",)


def norm(value):
    """The value as JSON both drivers write alike: strings stay strings, and every other kind
    is tagged, so that `True` and `"True"`, `1` and `"1"` differ."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"num": str(value)}
    if isinstance(value, float):
        if math.isnan(value):
            return {"num": "NaN"}
        if math.isinf(value):
            return {"num": "Infinity" if value > 0 else "-Infinity"}
        if value == int(value) and abs(value) < 2**53:
            return {"num": str(int(value))}
        return {"num": repr(value)}
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return {"date": value.isoformat(timespec="milliseconds")}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat() + "T00:00:00.000"}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode()}
    if isinstance(value, (list, tuple)):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return [[key_norm(k), norm(v)] for k, v in value.items()]
    if isinstance(value, set):
        return [[key_norm(k), None] for k in value]
    return {"other": repr(value)}


def key_norm(key):
    """A key as JavaScript would hold it is a string; Python may hold anything."""
    return key if isinstance(key, str) else {"key": json.dumps(norm(key), sort_keys=True)}


def gate(data):
    if not isinstance(data, dict):
        return None
    return [
        [k, norm(v)]
        for k, v in data.items()
        if isinstance(k, str) and (k.startswith("extra_gated_") or k in GATE_KEYS)
    ]


def kwargs(data):
    """Why `card_data_class(**data)` would fail, as RepoCard calls it; None when it would not."""
    if data is None:
        return None
    if not isinstance(data, dict):
        return "repo card metadata block should be a dict"
    bad = [k for k in data if not isinstance(k, str)]
    if bad:
        return "keywords must be strings: %r" % (bad[0],)
    return None


def verdict(text):
    try:
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        return {
            "ok": False,
            "error": str(e).splitlines()[0] if str(e) else type(e).__name__,
            "problem": e.problem or e.context or "",
            "line": mark.line + 1 if mark else 0,
            "column": mark.column + 1 if mark else 0,
        }
    except Exception as e:  # noqa: BLE001 - a constructor's ValueError, TypeError, …
        return {
            "ok": False,
            "error": "%s: %s" % (type(e).__name__, e),
            "problem": "%s: %s" % (type(e).__name__, e),
            "line": 0,
            "column": 0,
        }
    try:
        return {"ok": True, "gate": gate(data), "kwargs": kwargs(data)}
    except RecursionError:
        return {"ok": True, "gate": None, "kwargs": kwargs(data)}


def main():
    sys.setrecursionlimit(10000)
    out = sys.stdout
    # Bytes split on LF only, decoded as UTF-8 whatever the locale says.
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8").rstrip("\n")
        if not line:
            continue
        text = json.loads(line)
        answer = json.dumps(verdict(text), ensure_ascii=False)
        # A lone surrogate (`"\\ud800"` in a double-quoted scalar) is not valid JSON to serde:
        # written as U+FFFD, as the js-yaml driver's reader gets it.
        answer = answer.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        out.write(json.dumps(json.loads(answer), ensure_ascii=True) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
