package dev.mailharden.core.usage;

import java.time.Instant;
import java.util.List;

/**
 * One host's mail-log summary: every (port, client, protocol, cipher) seen since {@code since},
 * most used first, with where the lines came from.
 */
public record TlsUsage(Instant since, List<String> sources, long linesRead, long linesUsed,
    List<ClientUsage> clients) {}
