package dev.gofer.toolchain.select;

import dev.gofer.toolchain.GoferHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The contents of {@code $GOFER_HOME/bin}: POSIX sh shims for {@code go}, {@code gofmt} and each
 * tool in a toolchain's GOBIN ({@code gopls}, {@code dlv}; from {@code shim.sh}) and a {@code go1.22.5} symlink to {@code toolchains/go1.22.5/bin/go} for
 * every installed toolchain, so that the go command's own switching ({@code GOTOOLCHAIN=path} or
 * {@code go1.22.5+auto}) finds gofer's toolchains on PATH instead of downloading them.
 *
 * <p>{@link #refresh} is idempotent and cheap when nothing changed; {@code gofer toolchain init},
 * {@code rehash}, {@code use}, {@code local} and {@code which} call it, and so should whatever
 * installs or removes a toolchain. Files are replaced by rename; a crash leaves at most a {@code
 * .tmp-} file, removed by the next refresh.
 */
public final class Shims {
  /** The programs that get a shim. */
  public static final List<String> PROGRAMS = List.of("go", "gofmt");

  private final GoferHome home;
  private final String goferCommand;

  /**
   * @param goferCommand how the shims start gofer when sh cannot decide, as a shell command
   *     prefix with its words quoted ({@code '/opt/gofer/gofer'}); {@code GOFER_CMD} overrides it
   *     at run time
   */
  public Shims(GoferHome home, String goferCommand) {
    this.home = Objects.requireNonNull(home);
    this.goferCommand = Objects.requireNonNull(goferCommand);
  }

  /** {@code s} quoted for sh: {@code 'it'\''s'}. */
  public static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** The shim script for {@code program}. */
  public String script(String program) {
    return template()
        .replace("@PROG@", program)
        .replace("'@HOME@'", quote(home.root().toString()))
        .replace("@GOFER@", goferCommand);
  }

  /**
   * Writes the shims and the version links that differ from what they should be, removes links
   * to toolchains that are gone and leftovers of interrupted refreshes.
   *
   * @return whether anything changed
   */
  public boolean refresh() {
    try {
      Path bin = Files.createDirectories(home.bin());
      boolean changed = false;
      Set<String> links = new HashSet<>();
      for (String v : Installed.versions(home)) {
        links.add("go" + v);
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(bin)) {
        for (Path p : entries) {
          String name = p.getFileName().toString();
          if (name.contains(".tmp-")) {
            Files.deleteIfExists(p);
          } else if (name.startsWith("go1") && Files.isSymbolicLink(p) && !links.contains(name)) {
            Files.delete(p);
            changed = true;
          }
        }
      }
      for (String program : programs()) {
        changed |= writeIfDifferent(bin.resolve(program), script(program));
      }
      for (String name : links) {
        changed |= link(bin.resolve(name), home.toolchains().resolve(name).resolve("bin").resolve("go"));
      }
      return changed;
    } catch (IOException e) {
      throw new UncheckedIOException("writing shims in " + home.bin() + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@link #PROGRAMS} and every tool in a toolchain's GOBIN ({@code tools/go<V>/bin/gopls}): a
   * tool gets one shim, which runs the copy built with the toolchain chosen for the directory.
   */
  Set<String> programs() throws IOException {
    Set<String> out = new java.util.TreeSet<>(PROGRAMS);
    Path tools = home.root().resolve("tools");
    if (!Files.isDirectory(tools)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tools, "go*")) {
      for (Path d : dirs) {
        if (!Files.isDirectory(d.resolve("bin"))) {
          continue;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(d.resolve("bin"))) {
          for (Path p : entries) {
            String name = p.getFileName().toString();
            if (!name.contains(".tmp-") && !name.startsWith("go1") && name.matches("[A-Za-z0-9._+-]+")
                && Files.isRegularFile(p) && Files.isExecutable(p)) {
              out.add(name);
            }
          }
        }
      }
    }
    return out;
  }

  private static boolean writeIfDifferent(Path file, String content) throws IOException {
    if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
        && Files.isExecutable(file)
        && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
      return false;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  private static boolean link(Path link, Path target) throws IOException {
    if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target)) {
      return false;
    }
    Path tmp = link.resolveSibling(link.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, target);
    Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  private static String template() {
    try (InputStream in = Shims.class.getResourceAsStream("shim.sh")) {
      if (in == null) {
        throw new IllegalStateException("shim.sh missing from the gofer jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
