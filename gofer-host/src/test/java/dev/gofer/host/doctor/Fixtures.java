package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The fixture host trees under {@code src/test/resources/hosts/}. */
final class Fixtures {
  static final String[] DISTROS = {"rhel9", "alma9", "centos-stream9", "ubuntu2204", "ubuntu2404", "debian12"};

  private Fixtures() {}

  static Path path(String name) {
    URL u = Fixtures.class.getResource("/hosts/" + name + "/etc/os-release");
    if (u == null) {
      throw new IllegalArgumentException("no fixture host " + name);
    }
    try {
      return Path.of(u.toURI()).getParent().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static HostRoot host(String name) {
    return HostRoot.of(path(name));
  }

  static Context context(String name) {
    return context(name, Profile.HOST, Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/local/go/bin"));
  }

  static Context context(String name, Profile profile, Map<String, String> env) {
    return new Context(host(name), profile, env, Optional.empty(), Optional.empty());
  }

  static Context context(HostRoot host, Profile profile, Map<String, String> env) {
    return new Context(host, profile, env, Optional.empty(), Optional.empty());
  }
}
