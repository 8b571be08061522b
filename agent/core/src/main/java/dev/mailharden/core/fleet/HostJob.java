package dev.mailharden.core.fleet;

import dev.mailharden.core.connect.HostConnection;

/** The work a run does on one host over its single connection. */
@FunctionalInterface
public interface HostJob<R> {
  R run(HostConnection host) throws Exception;
}
