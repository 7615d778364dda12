package dev.gofer.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The machine's go, for tests that use it as a gofer toolchain. */
final class ToolchainToolsLive {
  private ToolchainToolsLive() {}

  static boolean goAvailable() {
    try {
      goEnv("GOVERSION");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** {@code go env NAME} with GOTOOLCHAIN=local. */
  static String goEnv(String name) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("go", "env", name);
    pb.environment().put("GOTOOLCHAIN", "local");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (p.waitFor() != 0 || out.isEmpty()) {
        throw new IOException("go env " + name + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }
}
