#!/usr/bin/env python3
"""Compare a `mailharden probe --json` report with a testssl JSON file.

Always: protocol versions and cipher suites (by IANA name, all versions together, as testssl
lists them with -e or in a full run). When testssl ran those checks (a full run): server
preference, TLS compression (CRIME), key-exchange groups. Prints "same (...)" or what differs,
with exit code 1.
"""
import json
import sys

# testssl's curve names where they differ from the IANA names mailharden reports
CURVES = {"prime256v1": "secp256r1", "X25519": "x25519", "X448": "x448"}
# testssl's names of the RFC 3526 primes, as mailharden's dh-groups.tsv names them
MODP = {"RFC3526/Oakley Group %d" % n: "RFC3526-modp_%d" % bits
        for n, bits in ((5, 1536), (14, 2048), (15, 3072), (16, 4096), (17, 6144), (18, 8192))}
TESTSSL_VERSIONS = {"SSLv2": "SSLv2", "SSLv3": "SSLv3", "TLS1": "TLSv1.0",
                    "TLS1_1": "TLSv1.1", "TLS1_2": "TLSv1.2", "TLS1_3": "TLSv1.3"}


def main(mailharden_file, testssl_file):
    report = json.load(open(mailharden_file))["reports"][0]
    entries = json.load(open(testssl_file))
    ts_versions = {TESTSSL_VERSIONS[e["id"]] for e in entries
                   if e["id"] in TESTSSL_VERSIONS and e["finding"].startswith("offered")}
    ts_suites = {e["finding"].split()[-1] for e in entries if e["id"].startswith("cipher_x")}
    mh_versions = set(report["protocols"])
    mh_suites = {s for v, suites in report["ciphers"].items() if v != "SSLv2" for s in suites}
    diffs = []
    if ts_versions != mh_versions:
        diffs.append("versions mailharden %s testssl %s" % (sorted(mh_versions), sorted(ts_versions)))
    if ts_suites != mh_suites:
        diffs.append("suites only mailharden %s only testssl %s"
                     % (sorted(mh_suites - ts_suites), sorted(ts_suites - mh_suites)))
    if not any(e["id"].startswith("cipher_x") for e in entries) and mh_suites:
        diffs.append("testssl listed no suites (did it run with -e?)")
    by_id = {e["id"]: e["finding"] for e in entries}
    compared = ["versions", "suites"]
    if "cipher_order" in by_id:
        compared.append("preference")
        ts_pref = not by_id["cipher_order"].startswith("NOT a cipher order")
        if ts_pref != bool(report["serverPreference"]):
            diffs.append("server preference mailharden %s testssl %s"
                         % (report["serverPreference"], by_id["cipher_order"]))
    if "CRIME_TLS" in by_id:
        compared.append("compression")
        if by_id["CRIME_TLS"].startswith("not vulnerable") == report["compression"]:
            diffs.append("compression mailharden %s testssl %s"
                         % (report["compression"], by_id["CRIME_TLS"]))
    if "PFS_ECDHE_curves" in by_id or "DH_groups" in by_id:
        compared.append("groups")
        # DH_groups holds TLS 1.3 ffdhe groups, or else the name of the TLS 1.2 DHE prime
        ts_groups = {CURVES.get(g, g) for g in by_id.get("PFS_ECDHE_curves", "").split()}
        ts_groups |= {g for g in by_id.get("DH_groups", "").split() if g.startswith("ffdhe")}
        # testssl cannot offer the post-quantum hybrids: leave them out of the comparison
        mh_groups = {g for g in report["groups"] if "MLKEM" not in g}
        if ts_groups != mh_groups:
            diffs.append("groups mailharden %s testssl %s" % (sorted(mh_groups), sorted(ts_groups)))
    prime = by_id.get("LOGJAM-common_primes", "")
    if prime.startswith("RFC"):
        compared.append("DH prime")
        known = {d["knownAs"] for d in report["dhParams"]}
        if MODP.get(prime, prime.replace("/", "-")) not in known:
            diffs.append("DH prime mailharden %s testssl %s" % (sorted(known), prime))
    print("same %s (%d versions, %d suites)" % ("/".join(compared), len(mh_versions),
                                                 len(mh_suites))
          if not diffs else "DIFF: " + "; ".join(diffs))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
