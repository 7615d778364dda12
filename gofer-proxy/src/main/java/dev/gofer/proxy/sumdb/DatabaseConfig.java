package dev.gofer.proxy.sumdb;

import dev.gofer.mod.goproxy.ProxyList;
import dev.gofer.mod.note.Verifier;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One checksum database the mirror verifies and serves under {@code /sumdb/<name>/}: its
 * verifier key (whose name is the database name) and, optionally, the base URL to read it from.
 * Without a URL the database is read through the first proxy of the upstream list, at {@code
 * <proxy>/sumdb/<name>}, which is how the go command reaches {@code sum.golang.org} by default.
 *
 * @param verifierKey {@code <name>+<hash>+<key>}, as in {@code GOSUMDB}
 * @param url the database base URL (such as {@code https://sum.golang.org}), if explicit
 */
public record DatabaseConfig(String verifierKey, Optional<URI> url) {

  /** The public key of {@code sum.golang.org}, built into the go command. */
  public static final String SUM_GOLANG_ORG_KEY = dev.gofer.mod.sumdb.SumdbEnv.SUM_GOLANG_ORG_KEY;

  /** host[/path] with conservative characters: the name becomes directories in the store. */
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]+)?(?:/[A-Za-z0-9._~-]+)*");

  /**
   * Checks the key and the name.
   *
   * @throws IllegalArgumentException if the key does not parse or its name is not {@code
   *     host[/path]}
   */
  public DatabaseConfig {
    Objects.requireNonNull(verifierKey, "verifierKey");
    Objects.requireNonNull(url, "url");
    verifierKey = verifierKey.strip();
    String name;
    try {
      name = Verifier.parse(verifierKey).name();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid checksum database key: " + e.getMessage(), e);
    }
    if (!validName(name)) {
      throw new IllegalArgumentException("invalid sumdb name (must be host[/path]): " + name);
    }
    url.ifPresent(
        u -> {
          if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
            throw new IllegalArgumentException("checksum database URL must be http or https: " + u);
          }
        });
  }

  /** A database read through the upstream proxy. */
  public static DatabaseConfig of(String verifierKey) {
    return new DatabaseConfig(verifierKey, Optional.empty());
  }

  /** A database read from {@code url}. */
  public static DatabaseConfig of(String verifierKey, URI url) {
    return new DatabaseConfig(verifierKey, Optional.of(url));
  }

  /** {@code sum.golang.org} with its built-in key, through the upstream proxy. */
  public static DatabaseConfig sumGolangOrg() {
    return of(SUM_GOLANG_ORG_KEY);
  }

  /** The database name: the key's name, such as {@code sum.golang.org}. */
  public String name() {
    return Verifier.parse(verifierKey).name();
  }

  /**
   * The base URL to read the database from: the explicit URL, else {@code <proxy>/sumdb/<name>}
   * for the first HTTP(S) proxy in {@code upstream}, else {@code https://<name>} (the list has
   * only {@code direct}, {@code off} or {@code file://} entries, which cannot proxy a database).
   */
  URI base(ProxyList upstream) {
    if (url.isPresent()) {
      return url.get();
    }
    String name = name();
    if (upstream != null) {
      for (ProxyList.Entry e : upstream.entries()) {
        if (e instanceof ProxyList.Proxy p && !p.isFile()) {
          String b = p.url().toString();
          return URI.create((b.endsWith("/") ? b : b + "/") + "sumdb/" + name);
        }
      }
    }
    return URI.create("https://" + name);
  }

  static boolean validName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return false;
    }
    for (String elem : name.split("/")) {
      if (elem.equals(".") || elem.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
