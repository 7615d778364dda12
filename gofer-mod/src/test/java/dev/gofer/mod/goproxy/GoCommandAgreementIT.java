package dev.gofer.mod.goproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gofer.mod.testing.GoCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real go command and this client, pointed at the same proxy, see the same things. */
class GoCommandAgreementIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  Path tree;

  @BeforeEach
  void fixtureTree() throws IOException {
    tree = tmp.resolve("proxy");
    Path a = Files.createDirectories(tree.resolve("example.com/a/@v"));
    // unsorted, a pseudo-version, junk, no final newline
    Files.writeString(a.resolve("list"), "v1.10.0\nv1.0.0\nv0.0.0-20200101000000-abcdefabcdef\nbogus\nv1.2.0 2020-01-01T00:00:00Z");
    int day = 1;
    for (String v : List.of("v1.0.0", "v1.2.0", "v1.10.0")) {
      Files.writeString(a.resolve(v + ".info"), "{\"Version\":\"" + v + "\",\"Time\":\"2020-02-0" + day++ + "T10:00:00Z\"}");
      Files.writeString(a.resolve(v + ".mod"), "module example.com/a\n");
    }
    Path x = Files.createDirectories(tree.resolve("github.com/!burnt!sushi/x/@v"));
    Files.writeString(x.resolve("list"), "v0.1.0\nv0.2.0-RC1\n");
    Files.writeString(x.resolve("v0.1.0.info"), "{\"Version\":\"v0.1.0\",\"Time\":\"2021-02-03T04:05:06Z\"}");
    Files.writeString(x.resolve("v0.1.0.mod"), "module github.com/BurntSushi/x\n");
    Files.writeString(x.resolve("v0.2.0-!r!c1.info"), "{\"Version\":\"v0.2.0-RC1\",\"Time\":\"2021-03-03T04:05:06Z\"}");
    Files.writeString(x.resolve("v0.2.0-!r!c1.mod"), "module github.com/BurntSushi/x\n");
  }

  record Go(int exit, String out, String err) {}

  Go go(String goproxy, String... args) throws Exception {
    Assumptions.assumeTrue(GoCommand.available(), "the go command is not on PATH");
    GoCommand cmd =
        GoCommand.hermetic(tmp, goproxy, Map.of("GOSUMDB", "off", "GONOPROXY", "", "GOPRIVATE", ""));
    GoCommand.Result r = cmd.run(Files.createDirectories(tmp.resolve("work")), args);
    return new Go(r.exitCode(), r.stdout(), r.stderr());
  }

  String fileUrl() {
    return tree.toUri().toString();
  }

  @Test
  void versionListsAgree() throws Exception {
    try (ProxyClient c = ProxyClient.create(tree.toUri())) {
      for (String path : List.of("example.com/a", "github.com/BurntSushi/x")) {
        Go g = go(fileUrl(), "list", "-m", "-versions", "-json", path + "@latest");
        assertThat(g.exit()).as(g.err()).isZero();
        JsonNode j = JSON.readTree(g.out());
        List<String> goVersions = new ArrayList<>();
        j.get("Versions").forEach(v -> goVersions.add(v.asText()));
        assertThat(c.list(path)).as(path).containsExactlyElementsOf(goVersions);
        // and the version go picked has the same info through the client
        Info info = c.info(path, j.get("Version").asText());
        assertThat(info.time()).contains(Instant.parse(j.get("Time").asText()));
      }
    }
  }

  @Test
  void infoAgreesForTagsAndUpperCaseVersions() throws Exception {
    try (ProxyClient c = ProxyClient.create(tree.toUri())) {
      for (String[] q : new String[][] {{"example.com/a", "v1.2.0"}, {"github.com/BurntSushi/x", "v0.2.0-RC1"}}) {
        Go g = go(fileUrl(), "list", "-m", "-json", q[0] + "@" + q[1]);
        assertThat(g.exit()).as(g.err()).isZero();
        JsonNode j = JSON.readTree(g.out());
        Info info = c.info(q[0], q[1]);
        assertThat(info.version()).isEqualTo(j.get("Version").asText());
        assertThat(info.time()).contains(Instant.parse(j.get("Time").asText()));
      }
    }
  }

  @Test
  void notFoundMessagesMatchGos() throws Exception {
    try (ProxyClient c = ProxyClient.create(tree.toUri())) {
      Go g = go(fileUrl(), "list", "-m", "-json", "example.com/a@v1.5.0");
      assertThat(g.exit()).isNotZero();
      assertThatThrownBy(() -> c.info("example.com/a", "v1.5.0"))
          .isInstanceOf(NotFoundException.class)
          .satisfies(e -> assertThat(g.err()).contains(e.getMessage()));
    }
  }

  @Test
  void overHttpBothSendTheSameCaseEncodedPaths() throws Exception {
    try (FixtureServer s = new FixtureServer()) {
      for (Path f : List.of(Path.of("github.com/!burnt!sushi/x/@v/list"), Path.of("github.com/!burnt!sushi/x/@v/v0.2.0-!r!c1.info"),
          Path.of("github.com/!burnt!sushi/x/@v/v0.2.0-!r!c1.mod"))) {
        s.ok("/" + f.toString().replace('\\', '/'), Files.readString(tree.resolve(f), StandardCharsets.UTF_8));
      }
      Go g = go(s.base().toString(), "list", "-m", "-json", "github.com/BurntSushi/x@v0.2.0-RC1");
      assertThat(g.exit()).as(g.err()).isZero();
      List<String> goPaths = s.rawPaths().stream().filter(p -> p.endsWith(".info") || p.endsWith(".mod")).distinct().toList();
      s.requests.clear();
      try (ProxyClient c = ProxyClient.create(s.base())) {
        c.info("github.com/BurntSushi/x", "v0.2.0-RC1");
        c.mod("github.com/BurntSushi/x", "v0.2.0-RC1");
      }
      assertThat(s.rawPaths()).containsExactlyInAnyOrderElementsOf(goPaths).isNotEmpty();
    }
  }
}
