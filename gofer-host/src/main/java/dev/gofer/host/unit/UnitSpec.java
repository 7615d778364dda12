package dev.gofer.host.unit;

import dev.gofer.host.Distro;
import dev.gofer.host.process.Capabilities;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a hardened unit for one Go service is written from. The canonical constructor
 * checks every value, so a spec that exists can be written; the static parsers turn command-line
 * text into the typed values and fail with a one-line {@link SpecException}.
 *
 * @param name the unit name without {@code .service}, e.g. {@code myapp}
 * @param exec the absolute path of the service binary
 * @param user the static user (and group) to run as; empty for {@code DynamicUser=yes}
 * @param port a TCP port the service listens on, if any; below 1024 it needs CAP_NET_BIND_SERVICE
 * @param memoryMax the cgroup memory cap, from which GOMEMLIMIT is derived
 * @param cpuQuotaPercent the CPU cap in percent of one CPU (200 = two CPUs)
 * @param env extra environment variables, in order
 * @param capabilities extra ambient capabilities, as {@code CAP_*} names
 * @param go what is known about the binary's Go runtime
 * @param distro the target distribution family (comments and notes only)
 * @param debug the delve drop-in to write beside the unit, if asked for
 */
public record UnitSpec(
    String name,
    String exec,
    Optional<String> user,
    Optional<Integer> port,
    Optional<MemorySize> memoryMax,
    Optional<Integer> cpuQuotaPercent,
    List<EnvVar> env,
    List<String> capabilities,
    GoRuntime go,
    Distro distro,
    Optional<Debug> debug) {

  /** The longest unit name systemd accepts is 255 characters, {@code .service} included. */
  static final int MAX_NAME = 255 - ".service".length();

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9:_.\\-]*");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_\\-]{0,31}");
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_@+=:,./\\-]*");

  /** The first port that needs no privilege to bind. */
  public static final int FIRST_UNPRIVILEGED_PORT = 1024;

  /**
   * An environment variable for {@code Environment=}.
   *
   * @param key a shell-style name
   * @param value any text without control characters
   */
  public record EnvVar(String key, String value) {
    public EnvVar {
      if (!ENV_KEY.matcher(key).matches()) {
        throw new SpecException("invalid environment variable name \"" + key + "\": want letters, digits and _");
      }
      if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new SpecException("invalid value for " + key + ": control characters are not allowed");
      }
    }

    /** Parses {@code KEY=VALUE}. */
    public static EnvVar parse(String text) {
      int eq = text.indexOf('=');
      if (eq < 0) {
        throw new SpecException("invalid --env \"" + text + "\": want KEY=VALUE");
      }
      return new EnvVar(text.substring(0, eq), text.substring(eq + 1));
    }
  }

  /**
   * The delve drop-in: the service runs under {@code dlv exec --headless}.
   *
   * @param dlv the absolute path of the dlv binary on the target host
   * @param listen where the headless server listens, host:port
   */
  public record Debug(String dlv, String listen) {
    /** Delve's conventional port, on the loopback interface only. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:2345";

    public Debug {
      dlv = absolutePath("--dlv", dlv);
      if (!listen.matches("[A-Za-z0-9.:\\[\\]\\-]+:[0-9]{1,5}")) {
        throw new SpecException("invalid --dlv-listen \"" + listen + "\": want HOST:PORT");
      }
    }
  }

  public UnitSpec {
    name = unitName(name);
    exec = absolutePath("--exec", exec);
    user.ifPresent(UnitSpec::checkUser);
    port.ifPresent(p -> {
      if (p < 1 || p > 65535) {
        throw new SpecException("invalid --port " + p + ": want 1 to 65535");
      }
    });
    cpuQuotaPercent.ifPresent(p -> {
      if (p < 1) {
        throw new SpecException("invalid --cpu-quota " + p + "%: want a positive percentage");
      }
    });
    env = List.copyOf(env);
    capabilities = List.copyOf(new LinkedHashSet<>(capabilities.stream().map(UnitSpec::capability).toList()));
    Objects.requireNonNull(go, "go");
    Objects.requireNonNull(distro, "distro");
    Objects.requireNonNull(debug, "debug");
  }

  /**
   * A service unit name without its suffix: {@code myapp} or {@code myapp.service} give {@code
   * myapp}. Letters, digits, {@code : _ . -}; no templates ({@code @}).
   */
  public static String unitName(String text) {
    String n = text.endsWith(".service") ? text.substring(0, text.length() - ".service".length()) : text;
    if (n.isEmpty() || n.length() > MAX_NAME || !NAME.matcher(n).matches()) {
      throw new SpecException("invalid unit name \"" + text
          + "\": want letters, digits, ':', '_', '.' or '-' (at most " + MAX_NAME + "), not starting with '.' or '-'");
    }
    return n;
  }

  /** A capability as {@code CAP_NET_BIND_SERVICE}, from that, {@code cap_net_bind_service} or {@code NET_BIND_SERVICE}. */
  public static String capability(String text) {
    String upper = text.strip().toUpperCase(Locale.ROOT);
    String bare = upper.startsWith("CAP_") ? upper.substring(4) : upper;
    Optional<Integer> n = bare.matches("[0-9]+") ? Optional.empty() : Capabilities.number(bare);
    if (n.isEmpty() || n.get() > Capabilities.LAST_KNOWN) {
      throw new SpecException("unknown capability \"" + text + "\": want a name such as CAP_NET_BIND_SERVICE (capabilities(7))");
    }
    return "CAP_" + Capabilities.name(n.get());
  }

  /** A CPU quota {@code 150%} or {@code 150}, in percent of one CPU. */
  public static int cpuQuota(String text) {
    String t = text.strip();
    String digits = t.endsWith("%") ? t.substring(0, t.length() - 1) : t;
    if (!digits.matches("[0-9]{1,7}") || Integer.parseInt(digits) == 0) {
      throw new SpecException("invalid --cpu-quota \"" + text + "\": want a whole percentage of one CPU, e.g. 50% or 200%");
    }
    return Integer.parseInt(digits);
  }

  private static void checkUser(String u) {
    if (!USER.matcher(u).matches()) {
      throw new SpecException("invalid --user \"" + u + "\": want a lower-case user name such as myapp");
    }
    if (u.equals("root")) {
      throw new SpecException("--user root defeats the unit's hardening: use a dedicated user, or leave --user out for DynamicUser=yes");
    }
  }

  static String absolutePath(String option, String text) {
    if (!text.startsWith("/")) {
      throw new SpecException("invalid " + option + " \"" + text + "\": want an absolute path");
    }
    if (!SAFE_PATH.matcher(text).matches() || text.contains("/../") || text.endsWith("/..")
        || text.contains("/./") || text.contains("//") || text.endsWith("/")) {
      throw new SpecException("invalid " + option + " \"" + text
          + "\": want a normalized absolute path of letters, digits and _@+=:,.- (no spaces, quotes or %)");
    }
    return text;
  }

  /** The unit's file name, {@code NAME.service}. */
  public String fileName() {
    return name + ".service";
  }

  /** Whether the service binds a port that needs CAP_NET_BIND_SERVICE. */
  public boolean privilegedPort() {
    return port.filter(p -> p < FIRST_UNPRIVILEGED_PORT).isPresent();
  }

  /** The ambient capabilities the service gets: CAP_NET_BIND_SERVICE for a low port, then --capability. */
  public List<String> ambientCapabilities() {
    List<String> caps = new ArrayList<>();
    if (privilegedPort()) {
      caps.add("CAP_NET_BIND_SERVICE");
    }
    capabilities.forEach(c -> {
      if (!caps.contains(c)) {
        caps.add(c);
      }
    });
    return List.copyOf(caps);
  }
}
