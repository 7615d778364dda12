package dev.gofer.mod.goproxy;

import dev.gofer.mod.internal.GoText;
import dev.gofer.mod.semver.InvalidVersionException;
import dev.gofer.mod.semver.Pseudo;
import dev.gofer.mod.semver.Semver;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reading a proxy's {@code @v/list} body the way cmd/go does: one version per line, white-space
 * separated fields, invalid lines ignored, final newline optional.
 */
public final class VersionList {
  /** Go's zero {@code time.Time}, the start of the "newest" search. */
  private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  private VersionList() {}

  /**
   * The tagged versions in a list body (cmd/go's {@code proxyRepo.Versions}): the first field of
   * each line if it is valid semver and not a pseudo-version, sorted in semver order (ties by
   * string). Versions are kept as written: {@code v1.2} stays {@code v1.2}, duplicates stay.
   */
  public static List<String> tagged(String body) {
    List<String> list = new ArrayList<>();
    forEachLine(
        body,
        f -> {
          String v = f.get(0);
          if (Semver.isValid(v) && !Pseudo.isPseudo(v)) {
            list.add(v);
          }
        });
    Semver.sort(list);
    return list;
  }

  /**
   * The newest untagged version in a list body (cmd/go's {@code proxyRepo.latest}), for a proxy
   * without {@code @latest}: among valid versions with a second field, that field read as an RFC
   * 3339 time; among pseudo-versions without one, the time inside the pseudo-version; tagged
   * versions without a time are skipped. The earliest line wins ties.
   *
   * @return the version and its time, and whether the time came from the pseudo-version (then
   *     cmd/go asks the proxy's {@code .info} for the real time)
   */
  public static Optional<Newest> newestUntagged(String body) {
    Instant[] bestTime = {GO_ZERO_TIME};
    boolean[] fromPseudo = {false};
    String[] best = {null};
    forEachLine(
        body,
        f -> {
          String v = f.get(0);
          if (!Semver.isValid(v)) {
            return;
          }
          Instant t;
          boolean pseudo = false;
          if (f.size() >= 2) {
            t = rfc3339(f.get(1));
          } else if (Pseudo.isPseudo(v)) {
            t = pseudoTime(v);
            pseudo = true;
          } else {
            return;
          }
          if (bestTime[0].isBefore(t)) {
            bestTime[0] = t;
            fromPseudo[0] = pseudo;
            best[0] = v;
          }
        });
    return best[0] == null
        ? Optional.empty()
        : Optional.of(new Newest(best[0], bestTime[0], fromPseudo[0]));
  }

  /**
   * A version picked by {@link #newestUntagged}.
   *
   * @param version the version
   * @param time its time
   * @param timeFromPseudoVersion whether {@code time} was read from the version string itself
   */
  public record Newest(String version, Instant time, boolean timeFromPseudoVersion) {}

  private static Instant rfc3339(String s) {
    try {
      return OffsetDateTime.parse(s, Info.RFC3339).toInstant();
    } catch (DateTimeParseException e) {
      return GO_ZERO_TIME;
    }
  }

  /** {@code module.PseudoVersionTime}, or Go's zero time where Go returns an error. */
  private static Instant pseudoTime(String v) {
    try {
      return Pseudo.time(v);
    } catch (InvalidVersionException e) {
      return GO_ZERO_TIME;
    }
  }

  private static void forEachLine(String body, java.util.function.Consumer<List<String>> f) {
    int start = 0;
    int n = body.length();
    while (start <= n) {
      int end = body.indexOf('\n', start);
      if (end < 0) {
        end = n;
      }
      List<String> fields = GoText.fields(body.substring(start, end));
      if (!fields.isEmpty()) {
        f.accept(fields);
      }
      start = end + 1;
    }
  }
}
