package dev.gofer.mod.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.gofer.mod.dirhash.DirHash;
import dev.gofer.mod.modfile.ModFile;
import dev.gofer.mod.zip.ModuleZip;
import dev.gofer.mod.zip.SourceFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generated fixture modules for hermetic tests, and a writer that lays them out as a GOPROXY
 * tree ({@code <escaped path>/@v/list}, {@code <v>.info}, {@code <v>.mod}, {@code <v>.zip}), so
 * {@code GOPROXY=file://<root>} serves them to the real go command. Zips are built with {@link
 * ModuleZip#create}; the expected go.sum hashes come with each written module.
 *
 * <p>Other modules reuse this through gofer-mod's test-jar, for example as the hermetic upstream
 * of the proxy's integration tests.
 */
public final class FixtureModules {
  private FixtureModules() {}

  /**
   * One module version.
   *
   * @param path the module path (may contain upper case; it is escaped on disk)
   * @param version a canonical version
   * @param time the commit time reported in {@code .info}
   * @param files relative file name to content; {@code go.mod} is the {@code .mod} file if present
   */
  /**
   * {@code example.com/greet v1.4.0}: one package with {@code Hello()}, the dependency of the
   * programs build-info tests build with the real go (so a {@code dep} line carries an h1: sum).
   */
  public static Module greet() {
    return new Module(
        "example.com/greet",
        "v1.4.0",
        Instant.parse("2024-01-02T03:04:05Z"),
        Map.of(
            "go.mod", "module example.com/greet\n\ngo 1.21\n",
            "greet.go", "package greet\n\nfunc Hello() string { return \"hello\" }\n"));
  }

  public record Module(String path, String version, Instant time, Map<String, String> files) {
    public Module {
      files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** The served {@code .mod} bytes: the go.mod, or the synthetic {@code module <path>} file. */
    public byte[] goMod() {
      String m = files.get("go.mod");
      return (m != null ? m : "module " + path + "\n").getBytes(UTF_8);
    }
  }

  /**
   * A module version as written, with the hashes go.sum should hold for it.
   *
   * @param zipHash the {@code <path> <version> h1:} hash
   * @param goModHash the {@code <path> <version>/go.mod h1:} hash
   */
  public record Written(Module module, Path zip, String zipHash, String goModHash) {
    /** The two go.sum lines of this version. */
    public String goSumLines() {
      return module.path() + " " + module.version() + " " + zipHash + "\n"
          + module.path() + " " + module.version() + "/go.mod " + goModHash + "\n";
    }
  }

  /** The base fixture module. */
  public static final String HELLO = "example.com/fixture/hello";
  /** Its major version 2. */
  public static final String HELLO_V2 = "example.com/fixture/hello/v2";
  /** A module that requires {@link #HELLO}. */
  public static final String APP = "example.com/fixture/app";
  /** A module path with upper case letters, escaped on disk. */
  public static final String UPPER = "example.com/Fixture/Upper";

  /**
   * The standard fixture set: {@link #HELLO} v1.0.0 and v1.1.0 (with a nested package), {@link
   * #HELLO_V2} v2.0.0, {@link #APP} v1.0.0 requiring hello v1.1.0, and {@link #UPPER} v1.0.0
   * (which has no go.mod, so its {@code .mod} is synthetic).
   */
  public static List<Module> standard() {
    List<Module> ms = new ArrayList<>();
    for (String v : List.of("v1.0.0", "v1.1.0")) {
      Map<String, String> files = new LinkedHashMap<>();
      files.put("go.mod", ModFile.render(HELLO, "1.21", List.of()));
      files.put("hello.go", "package hello\n\n// Hello greets.\nfunc Hello() string { return \"hello "
          + v + "\" }\n");
      files.put("greet/greet.go", "package greet\n\nimport \"" + HELLO
          + "\"\n\n// Greet greets someone.\nfunc Greet(n string) string { return hello.Hello() + \", \" + n }\n");
      files.put("LICENSE", "Fixture licence text.\n");
      ms.add(new Module(HELLO, v, Instant.parse(v.equals("v1.0.0") ? "2024-01-02T03:04:05Z" : "2024-02-03T04:05:06Z"), files));
    }
    ms.add(new Module(HELLO_V2, "v2.0.0", Instant.parse("2024-03-04T05:06:07Z"), Map.of(
        "go.mod", ModFile.render(HELLO_V2, "1.22", List.of()),
        "hello.go", "package hello\n\nfunc Hello() string { return \"hello, v2\" }\n")));
    ms.add(new Module(APP, "v1.0.0", Instant.parse("2024-04-05T06:07:08Z"), Map.of(
        "go.mod", ModFile.render(APP, "1.21",
            List.of(new ModFile.Require(HELLO, "v1.1.0", false, 0))),
        "main.go", "package main\n\nimport (\n\t\"fmt\"\n\n\t\"" + HELLO
            + "/greet\"\n)\n\nfunc main() { fmt.Println(greet.Greet(\"fixture\")) }\n")));
    ms.add(new Module(UPPER, "v1.0.0", Instant.parse("2024-05-06T07:08:09Z"), Map.of(
        "upper.go", "package upper\n")));
    return ms;
  }

  /** Writes {@code modules} under {@code root} in the GOPROXY layout; returns them with hashes. */
  public static List<Written> writeProxyTree(Path root, List<Module> modules) throws IOException {
    Map<String, List<String>> lists = new TreeMap<>();
    List<Written> out = new ArrayList<>();
    for (Module m : modules) {
      Path dir = Files.createDirectories(root.resolve(escape(m.path())).resolve("@v"));
      String ev = escape(m.version());
      Files.writeString(dir.resolve(ev + ".info"),
          "{\"Version\":\"" + m.version() + "\",\"Time\":\"" + m.time() + "\"}");
      Files.write(dir.resolve(ev + ".mod"), m.goMod());
      List<SourceFile> files = new ArrayList<>();
      m.files().forEach((name, content) -> files.add(SourceFile.of(name, content.getBytes(UTF_8))));
      Path zip = dir.resolve(ev + ".zip");
      try (OutputStream os = Files.newOutputStream(zip)) {
        ModuleZip.create(os, m.path(), m.version(), files);
      }
      out.add(new Written(m, zip, DirHash.hashZip(zip), DirHash.hashGoMod(m.goMod())));
      lists.computeIfAbsent(m.path(), k -> new ArrayList<>()).add(m.version());
    }
    for (var e : lists.entrySet()) {
      Files.writeString(root.resolve(escape(e.getKey())).resolve("@v/list"),
          String.join("\n", e.getValue()) + "\n");
    }
    return out;
  }

  /** {@code module.EscapePath} for fixture paths: each upper-case ASCII letter becomes {@code !x}. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 'A' && c <= 'Z') {
        b.append('!').append((char) (c + ('a' - 'A')));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
