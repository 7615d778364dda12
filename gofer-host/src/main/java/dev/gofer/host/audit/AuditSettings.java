package dev.gofer.host.audit;

import dev.gofer.mod.ModException;
import dev.gofer.mod.goproxy.ProxyList;
import dev.gofer.mod.sumdb.SumdbEnv;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and against what an audit looks sums up, read the way the go command reads its
 * environment.
 *
 * @param proxies the GOPROXY list: {@code --proxy}, else {@code GOPROXY}, else {@value #DEFAULT_PROXY}
 * @param sumdbKey the checksum database's verifier key, from {@code GOSUMDB} (default:
 *     sum.golang.org, {@link SumdbEnv#SUM_GOLANG_ORG_KEY})
 * @param sumdbUrl the database's URL when {@code GOSUMDB} names one; otherwise the first proxy
 *     that supports it, else {@code https://<name>}
 * @param privatePatterns module path globs never sent to the database: {@code GONOSUMDB}, else
 *     {@code GOPRIVATE} (Go's rule); matching modules are reported as private
 */
public record AuditSettings(ProxyList proxies, String sumdbKey, Optional<URI> sumdbUrl, String privatePatterns) {
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
    SumdbEnv db;
    try {
      db = SumdbEnv.parse(env.get("GOSUMDB")).orElseThrow(() -> new AuditException(
          "GOSUMDB=off: there is no checksum database to audit against (unset it or name one)"));
    } catch (ModException e) {
      throw new AuditException(e.getMessage(), e);
    }
    return new AuditSettings(proxies, db.key(), db.url(), patterns);
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
