#!/usr/bin/env python3
"""merge_peer.py - the verifying peer's own steps for bench/merge_cli.sh (not a test).

  merge_peer.py split ROSTER WORK SHEET...   envelope checks; WORK/NAME.content, .sig, .pem
  merge_peer.py scores KIT WORK SHEET...     content parsed as JSON, its format and kit id
                                             checked; its scores to WORK/NAME.csv

Between the two steps `openssl pkeyutl -verify` checks the Ed25519 signature
over the .content bytes this script wrote from the envelope's string, and
bench/peer_chain.c recomputes the audit chain of each .content.
Any failure exits 1 naming the sheet."""
import base64
import csv
import json
import os
import sys

ED25519_SPKI = bytes.fromhex("302a300506032b6570032100")  # DER prefix of a raw public key


def fail(sheet, why):
    sys.exit(f"merge_peer: {sheet}: {why}")


def base(sheet):
    return os.path.basename(sheet)[: -len(".jury")]


def roster_keys(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return {r["reviewer_id"]: r["public_key"] for r in csv.DictReader(f)}


def split(roster, work, sheets):
    keys = roster_keys(roster)
    for s in sheets:
        with open(s, "rb") as f:
            env = json.loads(f.read())
        if env.get("format") != "jury-sheet" or env.get("version") != 1:
            fail(s, "not a jury sheet of version 1")
        who = env.get("reviewer")
        if who not in keys or keys[who] != env.get("key"):
            fail(s, "reviewer or key not on the roster")
        raw = base64.b64decode(keys[who], validate=True)
        if len(raw) != 32:
            fail(s, "roster key is not 32 bytes")
        der = base64.encodebytes(ED25519_SPKI + raw).decode()
        out = os.path.join(work, base(s))
        with open(out + ".pem", "w") as f:
            f.write(f"-----BEGIN PUBLIC KEY-----\n{der}-----END PUBLIC KEY-----\n")
        with open(out + ".content", "wb") as f:
            f.write(env["content"].encode("utf-8"))
        with open(out + ".sig", "wb") as f:
            f.write(base64.b64decode(env["signature"], validate=True))


def scores(kit, work, sheets):
    for s in sheets:
        out = os.path.join(work, base(s))
        with open(out + ".content", "rb") as f:
            c = json.loads(f.read())
        if c.get("format") != "jury-sheet-content" or c.get("kit") != kit:
            fail(s, "not content of this kit")
        who = c["reviewer"]["id"]
        with open(out + ".csv", "w", newline="") as f:
            w = csv.writer(f)
            for p in c["packs"]:
                for sc in p.get("scores", []):
                    w.writerow((who, p["id"], sc["indicator"], sc["points"]))


if __name__ == "__main__":
    if len(sys.argv) < 4 or sys.argv[1] not in ("split", "scores"):
        sys.exit(__doc__)
    (split if sys.argv[1] == "split" else scores)(sys.argv[2], sys.argv[3], sys.argv[4:])
