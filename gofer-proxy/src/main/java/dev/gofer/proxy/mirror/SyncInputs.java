package dev.gofer.proxy.mirror;

import dev.gofer.mod.ModException;
import dev.gofer.mod.modfile.ModFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The module versions that {@code gofer mirror sync} and {@code gofer mirror export --gosum} are
 * asked for, read from their inputs:
 *
 * <ul>
 *   <li>a file named {@code go.mod} (or {@code *.mod}): every {@code require}d version, zip
 *       included ({@code replace} and {@code exclude} are not applied);
 *   <li>a file named {@code go.sum} (or {@code *.sum}): every version it names; a version named
 *       only by {@code /go.mod} lines needs the {@code .mod} alone. Its {@code h1:} hashes are
 *       kept, and sync compares them with what it stores;
 *   <li>{@code module@version};
 *   <li>{@code @FILE}: a list of further inputs, one per line ({@code #} starts a comment).
 * </ul>
 *
 * <p>Anything else is an {@link InputException}, a usage error.
 *
 * @param wanted the versions, in the order first named, each once (needing the zip if any input
 *     did)
 * @param goSum the go.sum hashes given: {@code "<module> <version>[/go.mod]"} to {@code h1:...}
 */
public record SyncInputs(List<Wanted> wanted, Map<String, String> goSum) {
  private static final int MAX_LIST_DEPTH = 4;

  public SyncInputs {
    wanted = List.copyOf(wanted);
    goSum = Collections.unmodifiableMap(new LinkedHashMap<>(goSum));
  }

  /** An input that cannot be used: the command's usage error, one line. */
  public static final class InputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InputException(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code inputs}; relative file names are resolved against {@code dir}.
   *
   * @throws InputException for an unreadable, malformed or unrecognised input, or a go.sum that
   *     names one hash twice with different values
   */
  public static SyncInputs read(List<String> inputs, Path dir) {
    Reader r = new Reader(dir);
    for (String in : inputs) {
      r.input(in, "command line", 0);
    }
    return new SyncInputs(new ArrayList<>(r.wanted.values()), r.goSum);
  }

  /** The go.sum hash given for {@code module} and {@code what} ({@code version} or {@code version/go.mod}). */
  public String goSumHash(String module, String what) {
    return goSum.get(module + " " + what);
  }

  private static final class Reader {
    final Path dir;
    final Map<String, Wanted> wanted = new LinkedHashMap<>();
    final Map<String, String> goSum = new LinkedHashMap<>();

    Reader(Path dir) {
      this.dir = dir;
    }

    void input(String in, String where, int depth) {
      String s = in.strip();
      if (s.isEmpty()) {
        throw new InputException(where + ": empty input");
      }
      if (s.startsWith("@")) {
        if (depth >= MAX_LIST_DEPTH) {
          throw new InputException(where + ": " + s + ": list files nested more than " + MAX_LIST_DEPTH + " deep");
        }
        listFile(s.substring(1), depth);
        return;
      }
      String name = Path.of(s).getFileName() == null ? s : Path.of(s).getFileName().toString();
      if (name.equals("go.mod") || (name.endsWith(".mod") && !s.contains("@"))) {
        goMod(s);
      } else if (name.equals("go.sum") || (name.endsWith(".sum") && !s.contains("@"))) {
        goSumFile(s);
      } else if (s.indexOf('@') > 0 && s.indexOf('@') == s.lastIndexOf('@')) {
        int at = s.indexOf('@');
        add(wanted(s.substring(0, at), s.substring(at + 1), true, where));
      } else {
        throw new InputException(
            where + ": " + Wanted.quote(s) + ": not a go.mod or go.sum file, module@version, or @list file");
      }
    }

    void listFile(String file, int depth) {
      List<String> lines = lines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        int hash = line.indexOf('#');
        if (hash >= 0) {
          line = line.substring(0, hash);
        }
        if (!line.isBlank()) {
          input(line, file + ":" + (i + 1), depth + 1);
        }
      }
    }

    void goMod(String file) {
      ModFile mf;
      try {
        mf = ModFile.parse(file, Files.readAllBytes(resolve(file)));
      } catch (NoSuchFileException e) {
        throw new InputException(file + ": no such file");
      } catch (IOException e) {
        throw new InputException(file + ": cannot read: " + e.getMessage());
      } catch (ModException e) {
        throw new InputException(oneLine(e.getMessage()));
      }
      for (ModFile.Require r : mf.requires()) {
        add(wanted(r.path(), r.version(), true, file + ":" + r.line()));
      }
    }

    void goSumFile(String file) {
      List<String> lines = lines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty()) {
          continue;
        }
        String where = file + ":" + (i + 1);
        String[] f = line.split(" +");
        if (f.length != 3 || !f[2].contains(":")) {
          throw new InputException(where + ": malformed go.sum line: " + Wanted.quote(line));
        }
        boolean modOnly = f[1].endsWith("/go.mod");
        String version = modOnly ? f[1].substring(0, f[1].length() - "/go.mod".length()) : f[1];
        add(wanted(f[0], version, !modOnly, where));
        if (f[2].startsWith("h1:")) {
          String key = f[0] + " " + f[1];
          String before = goSum.putIfAbsent(key, f[2]);
          if (before != null && !before.equals(f[2])) {
            throw new InputException(where + ": " + key + ": two different hashes given (" + before + " and " + f[2] + ")");
          }
        }
      }
    }

    List<String> lines(String file) {
      try {
        return Files.readAllLines(resolve(file), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new InputException(file + ": no such file");
      } catch (IOException e) {
        throw new InputException(file + ": cannot read: " + oneLine(e.getMessage()));
      }
    }

    Path resolve(String file) {
      return dir.resolve(file);
    }

    static Wanted wanted(String module, String version, boolean zip, String where) {
      try {
        return new Wanted(module, version, zip);
      } catch (IllegalArgumentException e) {
        throw new InputException(where + ": " + e.getMessage());
      }
    }

    void add(Wanted w) {
      wanted.merge(w.key(), w, Wanted::merge);
    }
  }

  static String oneLine(String s) {
    return s == null ? "error" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
  }
}
