package dev.gofer.cli;

import dev.gofer.toolchain.GoferHome;
import dev.gofer.toolchain.install.InstallException;
import dev.gofer.toolchain.install.ModuleSource;
import dev.gofer.toolchain.install.Platform;
import java.util.Map;

/**
 * The environment of the toolchain commands ({@code GOFER_HOME}, {@code GOPROXY}, {@code
 * GOSUMDB}), injected by {@link Gofer}'s factory so that tests pass their own.
 * It declares no options; the empty {@code @Command} makes it a picocli mixin.
 */
@picocli.CommandLine.Command
final class ToolchainEnv {
  /** The GOPROXY used when neither {@code --proxy} nor {@code GOPROXY} is set. */
  static final String DEFAULT_PROXY = "https://proxy.golang.org";

  private final Map<String, String> env;

  ToolchainEnv() {
    this(System.getenv());
  }

  ToolchainEnv(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  GoferHome home() {
    return GoferHome.fromEnvironment(env);
  }

  /** {@code --proxy}, else {@code GOPROXY}, else {@value #DEFAULT_PROXY}. */
  String goproxy(String flag) {
    if (flag != null && !flag.isBlank()) {
      return flag;
    }
    String v = env.get("GOPROXY");
    return v == null || v.isBlank() ? DEFAULT_PROXY : v;
  }

  ModuleSource moduleSource(String proxyFlag) {
    try {
      return ModuleSource.create(goproxy(proxyFlag), env.get("GOSUMDB"), home(), Platform.current());
    } catch (InstallException e) {
      throw userError(e);
    }
  }

  static UserException userError(InstallException e) {
    return new UserException(e.getMessage(), e.isUsage() ? Gofer.EXIT_USAGE : Gofer.EXIT_RUNTIME);
  }

  /** {@code s} as a JSON string. */
  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append("\\u%04x".formatted((int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
