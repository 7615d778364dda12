package dev.gofer.toolchain.install;

import java.net.URI;
import java.util.Optional;

/**
 * The checksum database to verify toolchains with, from {@code GOSUMDB} read as the go command
 * reads it: empty or {@code sum.golang.org} is the built-in database; {@code
 * sum.golang.google.cn} is the same log reached at that host; {@code <verifier key>} or {@code
 * <verifier key> <url>} names another. {@code off} is refused: toolchains are always verified.
 *
 * @param key the verifier key; the database's name is its first {@code +} field
 * @param url where to reach it when given, otherwise through the proxy or {@code https://<name>}
 */
public record SumdbConfig(String key, Optional<URI> url) {
  /** The verifier key of sum.golang.org, built into the go command. */
  public static final String SUM_GOLANG_ORG =
      "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

  /**
   * Parses a {@code GOSUMDB} value.
   *
   * @throws InstallException when it is {@code off} or malformed
   */
  public static SumdbConfig parse(String gosumdb) {
    String s = gosumdb == null ? "" : gosumdb.strip();
    if (s.isEmpty() || s.equals("sum.golang.org")) {
      return new SumdbConfig(SUM_GOLANG_ORG, Optional.empty());
    }
    if (s.equals("off")) {
      throw new InstallException("checksum database disabled by GOSUMDB=off");
    }
    if (s.equals("sum.golang.google.cn")) {
      return new SumdbConfig(SUM_GOLANG_ORG, Optional.of(URI.create("https://sum.golang.google.cn")));
    }
    String[] f = s.split("\\s+");
    if (f.length > 2) {
      throw new InstallException("invalid GOSUMDB: too many fields");
    }
    if (!f[0].contains("+")) {
      throw new InstallException("invalid GOSUMDB: unknown checksum database " + f[0] + " (want a verifier key)");
    }
    if (f.length == 1) {
      return new SumdbConfig(f[0], Optional.empty());
    }
    String u = f[1].contains("://") ? f[1] : "https://" + f[1];
    try {
      URI uri = new URI(u);
      if (uri.getHost() == null) {
        throw new InstallException("invalid GOSUMDB URL: " + f[1]);
      }
      return new SumdbConfig(f[0], Optional.of(uri));
    } catch (java.net.URISyntaxException e) {
      throw new InstallException("invalid GOSUMDB URL: " + f[1]);
    }
  }

  /** The database name: the key's first field ({@code sum.golang.org}). */
  public String name() {
    int plus = key.indexOf('+');
    return plus < 0 ? key : key.substring(0, plus);
  }
}
