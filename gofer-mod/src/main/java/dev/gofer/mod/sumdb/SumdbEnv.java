package dev.gofer.mod.sumdb;

import dev.gofer.mod.ModException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * The checksum database a {@code GOSUMDB} value names, read as the go command reads it
 * ({@code cmd/go/internal/modfetch/sumdb.go}): empty or {@code sum.golang.org} is the built-in
 * database; {@code sum.golang.google.cn} is the same log reached at that host; {@code <verifier
 * key>} or {@code <verifier key> <url>} names another; {@code off} disables checking, which
 * {@link #parse} reports as empty so each caller can word its own refusal.
 *
 * <pre>{@code
 * SumdbEnv db = SumdbEnv.parse(System.getenv("GOSUMDB")).orElseThrow(...);
 * Client client = ... db.key() ... db.url().orElse(firstProxyThatSupports(db.name()));
 * }</pre>
 *
 * @param key the verifier key; the database's name is its first {@code +} field
 * @param url where to reach the database when the value names a URL; otherwise the caller asks
 *     the proxies ({@code /sumdb/<name>/supported}) and falls back to {@code https://<name>}
 */
public record SumdbEnv(String key, Optional<URI> url) {
  /** The verifier key of sum.golang.org, built into the go command. */
  public static final String SUM_GOLANG_ORG_KEY =
      "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

  public SumdbEnv {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(url, "url");
  }

  /** The default database: sum.golang.org, reached through the proxy or at its own host. */
  public static SumdbEnv sumGolangOrg() {
    return new SumdbEnv(SUM_GOLANG_ORG_KEY, Optional.empty());
  }

  /**
   * Parses a {@code GOSUMDB} value; null counts as unset.
   *
   * @return the database, or empty for {@code off}
   * @throws ModException with a one-line reason when the value has more than two fields, its
   *     first field is not a verifier key, or its URL is malformed
   */
  public static Optional<SumdbEnv> parse(String gosumdb) {
    String s = gosumdb == null ? "" : gosumdb.strip();
    if (s.isEmpty() || s.equals("sum.golang.org")) {
      return Optional.of(sumGolangOrg());
    }
    if (s.equals("off")) {
      return Optional.empty();
    }
    if (s.equals("sum.golang.google.cn")) {
      return Optional.of(new SumdbEnv(SUM_GOLANG_ORG_KEY, Optional.of(URI.create("https://sum.golang.google.cn"))));
    }
    String[] f = s.split("\\s+");
    if (f.length > 2) {
      throw new ModException("invalid GOSUMDB: too many fields");
    }
    if (!f[0].contains("+")) {
      throw new ModException("invalid GOSUMDB: unknown checksum database " + f[0] + " (want a verifier key)");
    }
    if (f.length == 1) {
      return Optional.of(new SumdbEnv(f[0], Optional.empty()));
    }
    String u = f[1].contains("://") ? f[1] : "https://" + f[1];
    try {
      URI uri = new URI(u);
      if (uri.getHost() == null) {
        throw new ModException("invalid GOSUMDB URL: " + f[1]);
      }
      return Optional.of(new SumdbEnv(f[0], Optional.of(uri)));
    } catch (URISyntaxException e) {
      throw new ModException("invalid GOSUMDB URL: " + f[1], e);
    }
  }

  /** The database's name: the key's first field ({@code sum.golang.org}). */
  public String name() {
    int plus = key.indexOf('+');
    return plus < 0 ? key : key.substring(0, plus);
  }
}
