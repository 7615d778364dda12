package dev.gofer.host.doctor;

/**
 * How to set an environment variable for the service, worded for where it runs: a systemd
 * {@code Environment=} line on a host, the container's environment inside a container (a
 * container has no unit to put the line in).
 */
final class EnvFix {
  private EnvFix() {}

  /** The fix text that sets {@code name=value} for the service. */
  static String set(Context context, String name, String value) {
    return context.profile() == Profile.CONTAINER
        ? name + "=" + value + " in the container's environment (docker run -e " + name + "=" + value
            + ", or env: in the Kubernetes pod spec)"
        : "Environment=" + name + "=" + value;
  }
}
