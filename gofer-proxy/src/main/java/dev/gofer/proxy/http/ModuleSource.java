package dev.gofer.proxy.http;

/**
 * Answers the module half of the GOPROXY protocol. Inputs are already validated by {@link
 * Route#parse}: module paths pass the module path check, versions of {@code mod}/{@code zip} are
 * canonical and match the path's major version. Implementations never throw for bad input;
 * failures are {@link Answer.Failure}s.
 */
public interface ModuleSource {
  Answer list(String module);

  Answer info(String module, String query);

  Answer latest(String module);

  Answer mod(String module, String version);

  Answer zip(String module, String version);
}
