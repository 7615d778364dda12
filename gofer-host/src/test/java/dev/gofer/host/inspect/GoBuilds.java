package dev.gofer.host.inspect;

import dev.gofer.mod.testing.FixtureModules;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A Go program built by the real go command for the inspector's tests: module {@code
 * example.com/app} needs {@code example.com/greet v1.4.0} (from a file:// proxy, so its dep line
 * has an {@code h1:} sum) and {@code example.com/lib v0.3.0}, replaced by a local directory; a
 * cgo file is compiled in when cgo is on.
 */
final class GoBuilds {
  final GoCommand go;
  final Path app;
  private final Path bin;

  GoBuilds(Path tmp) throws IOException {
    Path proxy = tmp.resolve("proxy");
    FixtureModules.writeProxyTree(
        proxy,
        List.of(FixtureModules.greet()));
    go =
        GoCommand.hermetic(
            tmp.resolve("go"),
            "file://" + proxy,
            Map.of("GOSUMDB", "off", "GOWORK", "off", "GOFLAGS", "-mod=mod -modcacherw",
                // compiled packages (the standard library for five architectures) outlive a run
                "GOCACHE", Path.of("target", "it-gocache").toAbsolutePath().toString()));
    Path lib = Files.createDirectories(tmp.resolve("src/lib"));
    Files.writeString(lib.resolve("go.mod"), "module example.com/lib\n\ngo 1.21\n");
    Files.writeString(lib.resolve("lib.go"), "package lib\n\nfunc Name() string { return \"lib\" }\n");
    app = Files.createDirectories(tmp.resolve("src/app"));
    Files.writeString(
        app.resolve("go.mod"),
        "module example.com/app\n\ngo 1.21\n\n"
            + "require (\n\texample.com/greet v1.4.0\n\texample.com/lib v0.3.0\n)\n\n"
            + "replace example.com/lib v0.3.0 => ../lib\n");
    Files.writeString(
        app.resolve("main.go"),
        "package main\n\nimport (\n\t\"example.com/greet\"\n\t\"example.com/lib\"\n)\n\n"
            + "func main() { println(greet.Hello(), lib.Name(), cName()) }\n");
    Files.writeString(app.resolve("cgo.go"), "//go:build cgo\n\npackage main\n\n// int two(void) { return 2; }\nimport \"C\"\n\nfunc cName() int { return int(C.two()) }\n");
    Files.writeString(app.resolve("nocgo.go"), "//go:build !cgo\n\npackage main\n\nfunc cName() int { return 2 }\n");
    bin = Files.createDirectories(tmp.resolve("bin"));
  }

  /** Builds the app as {@code name} with {@code env} and build {@code flags}; returns the binary. */
  Path build(String name, Map<String, String> env, List<String> flags) {
    Path out = bin.resolve(name);
    String[] args =
        Stream.of(Stream.of("build", "-o", out.toString()), flags.stream(), Stream.of("."))
            .flatMap(s -> s)
            .toArray(String[]::new);
    go.output(app, env, args);
    return out;
  }

  /** What {@code go version -m FILE} prints. */
  String goVersionM(Path file) {
    return go.output(app, Map.of(), "version", "-m", file.toString());
  }
}
