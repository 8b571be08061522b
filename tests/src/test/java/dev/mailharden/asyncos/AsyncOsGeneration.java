package dev.mailharden.asyncos;

import java.util.List;

/**
 * What the emulator shows for one AsyncOS generation, written down separately from the
 * module's data so that the tests check the module against an independent account of the
 * CLI. The 8.x method menu is the documented transcript (Applied Crypto Hardening, AsyncOS
 * <= 8.x); the 9.x and 15.x menus follow the documented facts (9.0: SSLv3 off by default;
 * 9.5: TLS 1.2; 15.5.1: TLS 1.3) with numbering and wording of our own making.
 */
enum AsyncOsGeneration {

  V8("8.5.6-074", "C170", "sslv3tlsv1", false, false, List.of(
      new Method("SSL v2.", "sslv2", "SSLv2"),
      new Method("SSL v3", "sslv3", "SSLv3"),
      new Method("TLS v1", "tlsv1", "TLSv1"),
      new Method("SSL v2 and v3", "sslv2sslv3", "SSLv2", "SSLv3"),
      new Method("SSL v3 and TLS v1", "sslv3tlsv1", "SSLv3", "TLSv1"),
      new Method("SSL v2, v3 and TLS v1", "sslv2sslv3tlsv1", "SSLv2", "SSLv3", "TLSv1"))),

  V9("9.1.0-032", "C170", "tlsv1", false, false, List.of(
      new Method("SSL v3", "sslv3", "SSLv3"),
      new Method("TLS v1.0", "tlsv1", "TLSv1"),
      new Method("SSL v3 and TLS v1.0", "sslv3/tlsv1", "SSLv3", "TLSv1"))),

  V12("12.1.0-071", "C100V", "tlsv1/tlsv1.1/tlsv1.2", true, false, List.of(
      new Method("SSL v3", "sslv3", "SSLv3"),
      new Method("TLS v1.0", "tlsv1", "TLSv1"),
      new Method("TLS v1.1", "tlsv1.1", "TLSv1.1"),
      new Method("TLS v1.2", "tlsv1.2", "TLSv1.2"),
      new Method("TLS v1.1 and v1.2", "tlsv1.1/tlsv1.2", "TLSv1.1", "TLSv1.2"),
      new Method("TLS v1.0, v1.1 and v1.2", "tlsv1/tlsv1.1/tlsv1.2", "TLSv1", "TLSv1.1",
          "TLSv1.2"),
      new Method("SSL v3 and TLS v1.0, v1.1, v1.2", "sslv3/tlsv1/tlsv1.1/tlsv1.2", "SSLv3",
          "TLSv1", "TLSv1.1", "TLSv1.2"))),

  V15("15.5.1-055", "C300V", "tlsv1/tlsv1.1/tlsv1.2/tlsv1.3", true, true, List.of(
      new Method("TLS v1.0", "tlsv1", "TLSv1"),
      new Method("TLS v1.1", "tlsv1.1", "TLSv1.1"),
      new Method("TLS v1.2", "tlsv1.2", "TLSv1.2"),
      new Method("TLS v1.3", "tlsv1.3", "TLSv1.3"),
      new Method("TLS v1.2 and v1.3", "tlsv1.2/tlsv1.3", "TLSv1.2", "TLSv1.3"),
      new Method("TLS v1.1, v1.2 and v1.3", "tlsv1.1/tlsv1.2/tlsv1.3", "TLSv1.1", "TLSv1.2",
          "TLSv1.3"),
      new Method("TLS v1.0, v1.1, v1.2 and v1.3", "tlsv1/tlsv1.1/tlsv1.2/tlsv1.3", "TLSv1",
          "TLSv1.1", "TLSv1.2", "TLSv1.3")));

  /** One entry of the method menu: its wording, the token sslconfig shows, protocols. */
  record Method(String label, String shows, String... protocols) {}

  final String version;
  final String model;
  /** The method a fresh appliance of this generation has (SSLv3 off by default from 9.0). */
  final String defaultMethod;
  /** Its OpenSSL has TLS 1.2 suites (GCM, SHA-2): not the 0.9.8 of 8.x and 9.0-9.1. */
  final boolean tls12Suites;
  final boolean commitAsksRollback;
  final List<Method> methods;

  AsyncOsGeneration(String version, String model, String defaultMethod, boolean tls12Suites,
      boolean commitAsksRollback, List<Method> methods) {
    this.version = version;
    this.model = model;
    this.defaultMethod = defaultMethod;
    this.tls12Suites = tls12Suites;
    this.commitAsksRollback = commitAsksRollback;
    this.methods = methods;
  }

  Method method(String shows) {
    return methods.stream().filter(m -> m.shows().equals(shows)).findFirst().orElseThrow();
  }
}
