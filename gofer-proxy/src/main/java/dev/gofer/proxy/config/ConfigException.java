package dev.gofer.proxy.config;

/**
 * A configuration value that cannot be used. The message is one line that names the value's
 * source (flag, environment variable, or {@code file:line}), what is wrong, and what is wanted.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
