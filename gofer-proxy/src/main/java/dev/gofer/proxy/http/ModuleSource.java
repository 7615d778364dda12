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

  /**
   * The answer to a HEAD of a {@code .zip}: by default what {@link #zip} answers. A source that
   * would have to download the zip first may answer from what it has instead: the go command
   * sends only GET requests (go.dev/ref/mod, "GOPROXY protocol"), so a HEAD comes from a monitor
   * or a script, which should not cost a download of up to 500 MB.
   */
  default Answer zipHead(String module, String version) {
    return zip(module, version);
  }
}
