package dev.gofer.proxy.modules;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.ModulePath;
import dev.gofer.mod.semver.Pseudo;
import dev.gofer.mod.semver.Semver;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.http.Answer.Caching;
import dev.gofer.proxy.http.ModuleSource;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers the module protocol from the store alone: what {@code --offline} serves, and what the
 * online source serves on a hit. {@code list} and {@code @latest} are computed from the versions
 * whose {@code .mod} is stored (a version is only published after its {@code .mod} verified).
 * Files the online source verified and handed to {@link Store#writeBehind} are answered from
 * their queued bytes until they are on disk.
 */
public final class StoreModules implements ModuleSource {
  private final Store store;

  public StoreModules(Store store) {
    this.store = store;
  }

  public Store store() {
    return store;
  }

  @Override
  public Answer list(String module) {
    Optional<List<String>> versions = storedVersions(module);
    if (versions.isEmpty()) {
      return notStored(module);
    }
    StringBuilder b = new StringBuilder();
    for (String v : versions.get()) {
      if (!Pseudo.isPseudo(v)) {
        b.append(v).append('\n');
      }
    }
    return Answer.text(b.toString(), Caching.MUTABLE);
  }

  @Override
  public Answer info(String module, String query) {
    if (!query.equals(Semver.canonicalModuleVersion(query))) {
      return Answer.notFound(
          "not found: " + module + "@" + query + ": only exact versions can be answered from the store");
    }
    Path info = store.file(module, query, "info");
    Answer stored = stored(info, Answer.JSON);
    if (stored != null) {
      return stored;
    }
    if (store.has(store.file(module, query, "mod"))) {
      return new Answer.Bytes(infoJson(query), Answer.JSON, Caching.IMMUTABLE);
    }
    return notStored(module + "@" + query);
  }

  @Override
  public Answer latest(String module) {
    Optional<List<String>> versions = storedVersions(module);
    if (versions.isEmpty() || versions.get().isEmpty()) {
      return notStored(module);
    }
    String latest = latestOf(versions.get());
    return info(module, latest);
  }

  @Override
  public Answer mod(String module, String version) {
    Answer stored = stored(store.file(module, version, "mod"), Answer.TEXT);
    return stored != null ? stored : notStored(module + "@" + version);
  }

  /**
   * {@code file} as an immutable answer: its queued bytes while a write-behind is under way (read
   * first: the queue entry is dropped only after the file is renamed into place), else the file
   * on disk; null when neither.
   */
  Answer stored(Path file, String contentType) {
    byte[] queued = store.pending(file);
    if (queued != null) {
      return new Answer.Bytes(queued, contentType, Caching.IMMUTABLE);
    }
    return Files.isRegularFile(file) ? new Answer.File(file, contentType, Caching.IMMUTABLE) : null;
  }

  @Override
  public Answer zip(String module, String version) {
    Path zip = store.file(module, version, "zip");
    return Files.isRegularFile(zip)
        ? new Answer.File(zip, Answer.ZIP, Caching.IMMUTABLE)
        : notStored(module + "@" + version);
  }

  /**
   * The versions with a stored {@code .mod}, in semver order; empty when the module has no
   * directory in the store at all.
   */
  public Optional<List<String>> storedVersions(String module) {
    Path dir = store.versionDir(module);
    // The queue first: a .mod published meanwhile is then on disk when the directory is read.
    List<Path> queued = store.pendingIn(dir);
    java.util.Set<String> versions = new java.util.HashSet<>();
    for (Path f : queued) {
      addVersion(f, versions);
    }
    if (!Files.isDirectory(dir)) {
      return queued.isEmpty() ? Optional.empty() : Optional.of(sorted(versions));
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.mod")) {
      for (Path f : files) {
        addVersion(f, versions);
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(sorted(versions));
  }

  /** Adds the version of {@code file} if it is a {@code <canonical version>.mod}. */
  private static void addVersion(Path file, java.util.Set<String> versions) {
    String name = file.getFileName().toString();
    if (!name.endsWith(".mod")) {
      return;
    }
    try {
      String v = ModulePath.unescapeVersion(name.substring(0, name.length() - 4));
      if (Semver.isValid(v) && v.equals(Semver.canonicalModuleVersion(v))) {
        versions.add(v);
      }
    } catch (ModException e) {
      // not a file the store publishes; ignore it
    }
  }

  private static List<String> sorted(java.util.Set<String> versions) {
    List<String> list = new ArrayList<>(versions);
    Semver.sort(list);
    return list;
  }

  /**
   * The go command's choice of a latest version from a list: the highest release, else the
   * highest pre-release, else the newest pseudo-version (pseudo-versions order by their time
   * within a major version, and semver order matches time order for the same base).
   */
  static String latestOf(List<String> sorted) {
    String release = null;
    String pre = null;
    String pseudo = null;
    for (String v : sorted) {
      if (Pseudo.isPseudo(v)) {
        pseudo = v;
      } else if (Semver.prerelease(v).isEmpty()) {
        release = v;
      } else {
        pre = v;
      }
    }
    return release != null ? release : pre != null ? pre : pseudo;
  }

  static byte[] infoJson(String version) {
    return ("{\"Version\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static Answer notStored(String what) {
    return Answer.notFound("not found: " + what + ": not in this proxy's store (offline)");
  }
}
