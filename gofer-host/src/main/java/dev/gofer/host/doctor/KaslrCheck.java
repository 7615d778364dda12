package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * {@code kernel.kaslr}: kernel address space layout randomisation (reference host-checks §5.1).
 * FAIL when the boot command line has {@code nokaslr} or the kernel config has
 * {@code CONFIG_RANDOMIZE_BASE} unset (kernel-hardening-checker's verdicts); PASS when the config
 * ({@code /boot/config-<release>} or {@code /proc/config.gz}) has it set and the command line does
 * not disable it; INFO "unknown (kernel config not visible)" otherwise, as in containers, where
 * {@code /boot} is usually absent.
 */
final class KaslrCheck implements Check {
  static final String ID = "kernel.kaslr";
  private static final long MAX_CONFIG = 4 << 20;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    HostRoot host = context.host();
    List<String> cmdline;
    switch (Probe.cmdline(host)) {
      case Probe.Ok<List<String>>(List<String> v) -> cmdline = v;
      case Probe.Bad<List<String>>(String reason) -> {
        return Finding.skip(ID, reason);
      }
    }
    String why = "KASLR randomises where the kernel lies in memory, so a kernel memory bug is "
        + "harder to exploit from a compromised service.";
    String expected = "CONFIG_RANDOMIZE_BASE=y and no nokaslr on the kernel command line";
    Optional<String> release = host.read("/proc/sys/kernel/osrelease").firstLine()
        .filter(r -> r.matches("[A-Za-z0-9._+~-]{1,128}"));
    Optional<Config> config = config(host, release);
    Optional<Boolean> randomize = config.flatMap(c -> c.value("CONFIG_RANDOMIZE_BASE"));
    boolean nokaslr = cmdline.contains("nokaslr");
    Finding f;
    if (nokaslr) {
      f = Finding.of(ID, Level.FAIL, "nokaslr on the kernel command line", expected, why,
          "remove nokaslr from the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, or grubby --update-kernel=ALL --remove-args=nokaslr) and reboot");
    } else if (randomize.isPresent() && !randomize.get()) {
      f = Finding.of(ID, Level.FAIL, "CONFIG_RANDOMIZE_BASE is not set in " + config.get().path(), expected, why,
          "boot a kernel built with CONFIG_RANDOMIZE_BASE=y");
    } else if (randomize.isPresent()) {
      f = Finding.of(ID, Level.PASS, "enabled (CONFIG_RANDOMIZE_BASE=y in " + config.get().path()
          + ", no nokaslr)", expected, why, "");
    } else {
      f = Finding.of(ID, Level.INFO, "unknown (kernel config not visible); no nokaslr on the command line",
          expected, why, "");
    }
    return f.with("nokaslr", nokaslr).with("configRandomizeBase", randomize.orElse(null))
        .with("config", config.map(Config::path).orElse(null));
  }

  /** A kernel config file's text and where it came from. */
  record Config(String path, String text) {
    /** Whether a boolean option is set ({@code =y}) or not set; empty when not mentioned. */
    Optional<Boolean> value(String option) {
      for (String line : text.split("\n")) {
        String l = line.strip();
        if (l.startsWith(option + "=")) {
          return Optional.of(l.equals(option + "=y"));
        }
        if (l.equals("# " + option + " is not set")) {
          return Optional.of(false);
        }
      }
      return Optional.empty();
    }
  }

  static Optional<Config> config(HostRoot host, Optional<String> release) {
    if (release.isPresent()) {
      String p = "/boot/config-" + release.get();
      Optional<String> t = host.read(p).text();
      if (t.isPresent()) {
        return Optional.of(new Config(p, t.get()));
      }
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(host.resolve("/proc/config.gz")))) {
      byte[] data = in.readNBytes((int) MAX_CONFIG);
      return Optional.of(new Config("/proc/config.gz", new String(data, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

}
