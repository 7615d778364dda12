package dev.gofer.host.audit;

import dev.gofer.mod.ModException;
import dev.gofer.mod.goproxy.ProxyList;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and against what an audit looks sums up, read the way the go command reads its
 * environment.
 *
 * @param proxies the GOPROXY list: {@code --proxy}, else {@code GOPROXY}, else {@value #DEFAULT_PROXY}
 * @param sumdbKey the checksum database's verifier key, from {@code GOSUMDB} (default: {@value
 *     #SUM_GOLANG_ORG})
 * @param sumdbUrl the database's URL when {@code GOSUMDB} names one; otherwise the first proxy
 *     that supports it, else {@code https://<name>}
 * @param privatePatterns module path globs never sent to the database: {@code GONOSUMDB}, else
 *     {@code GOPRIVATE} (Go's rule); matching modules are reported as private
 */
public record AuditSettings(ProxyList proxies, String sumdbKey, Optional<URI> sumdbUrl, String privatePatterns) {
  /** The verifier key of sum.golang.org, built into the go command. */
  public static final String SUM_GOLANG_ORG =
      "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
  /** The proxy used when neither {@code --proxy} nor {@code GOPROXY} is set. */
  public static final String DEFAULT_PROXY = "https://proxy.golang.org";

  public AuditSettings {
    Objects.requireNonNull(proxies, "proxies");
    Objects.requireNonNull(sumdbKey, "sumdbKey");
    Objects.requireNonNull(sumdbUrl, "sumdbUrl");
    Objects.requireNonNull(privatePatterns, "privatePatterns");
  }

  /**
   * The settings for {@code proxyFlag} (null when not given) and the environment {@code env}.
   *
   * @throws AuditException when GOPROXY or GOSUMDB is malformed, or GOSUMDB is {@code off}
   */
  public static AuditSettings resolve(String proxyFlag, Map<String, String> env) {
    String goproxy = nonEmpty(proxyFlag).or(() -> nonEmpty(env.get("GOPROXY"))).orElse(DEFAULT_PROXY);
    ProxyList proxies;
    try {
      proxies = ProxyList.parse(goproxy);
    } catch (ModException e) {
      throw new AuditException("invalid GOPROXY " + goproxy + ": " + e.getMessage(), e);
    }
    String gonosumdb = env.get("GONOSUMDB");
    String patterns = gonosumdb != null && !gonosumdb.isBlank() ? gonosumdb : env.getOrDefault("GOPRIVATE", "");
    String s = env.getOrDefault("GOSUMDB", "").strip();
    if (s.isEmpty() || s.equals("sum.golang.org")) {
      return new AuditSettings(proxies, SUM_GOLANG_ORG, Optional.empty(), patterns);
    }
    if (s.equals("off")) {
      throw new AuditException("GOSUMDB=off: there is no checksum database to audit against (unset it or name one)");
    }
    if (s.equals("sum.golang.google.cn")) {
      return new AuditSettings(proxies, SUM_GOLANG_ORG, Optional.of(URI.create("https://sum.golang.google.cn")), patterns);
    }
    String[] f = s.split("\\s+");
    if (f.length > 2 || !f[0].contains("+")) {
      throw new AuditException("invalid GOSUMDB " + s + ": want a verifier key, optionally followed by a URL");
    }
    if (f.length == 1) {
      return new AuditSettings(proxies, f[0], Optional.empty(), patterns);
    }
    String u = f[1].contains("://") ? f[1] : "https://" + f[1];
    try {
      URI uri = new URI(u);
      if (uri.getHost() == null) {
        throw new AuditException("invalid GOSUMDB URL " + f[1]);
      }
      return new AuditSettings(proxies, f[0], Optional.of(uri), patterns);
    } catch (URISyntaxException e) {
      throw new AuditException("invalid GOSUMDB URL " + f[1], e);
    }
  }

  /** The database's name: the verifier key's first field, for example {@code sum.golang.org}. */
  public String sumdbName() {
    int plus = sumdbKey.indexOf('+');
    return plus < 0 ? sumdbKey : sumdbKey.substring(0, plus);
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }
}
