#!/usr/bin/env python3
"""Compare a `mailharden probe --json` report with a testssl `-p -e` JSON file.

Prints "same" when both list the same protocol versions and the same cipher suites
(by IANA name, all versions together, as testssl -e lists them); else what differs,
with exit code 1.
"""
import json
import sys

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
    print("same (%d versions, %d suites)" % (len(mh_versions), len(mh_suites))
          if not diffs else "DIFF: " + "; ".join(diffs))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
