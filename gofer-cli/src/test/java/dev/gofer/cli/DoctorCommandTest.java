package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DoctorCommandTest {
  /** A fixture host tree of gofer-host's tests, copied into {@code dir} (gofer-host's test resources are not on this classpath). */
  static Path fixture(Path dir, String name) throws Exception {
    Path src = hostsDir().resolve(name);
    Path dst = dir.resolve(name);
    try (var s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = dst.resolve(src.relativize(p).toString());
        if (Files.isSymbolicLink(p)) {
          Files.createSymbolicLink(t, Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return dst;
  }

  private static Path hostsDir() throws URISyntaxException {
    // gofer-cli/target/test-classes -> gofer-host/src/test/resources/hosts
    Path classes = Path.of(DoctorCommandTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return classes.getParent().getParent().getParent().resolve("gofer-host/src/test/resources/hosts");
  }

  @TempDir Path dir;

  @Test
  void textReportOnAFixtureIsAnAlignedTableWithFixesAndASummary() throws Exception {
    Path rhel = fixture(dir, "rhel9");
    GoferTest.Result r = GoferTest.run("doctor", "--sysroot", rhel.toString(), "--no-color");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("gofer doctor: Red Hat Enterprise Linux 9.4 (Plow), kernel 5.14.0-427.13.1.el9_4.x86_64, x86_64, cgroup v2, profile host");
    // the CHECK column is as wide as the longest id, process.no-new-privs
    assertThat(lines).contains("LEVEL CHECK                 OBSERVED");
    assertThat(lines).anyMatch(l -> l.matches("warn  journald\\.storage +volatile .*"));
    assertThat(lines).anyMatch(l -> l.matches("pass  kernel\\.somaxconn +net\\.core\\.somaxconn = 4096 .*"));
    assertThat(r.out()).contains("\nFixes:\n  warn cgroup.memory: Environment=GOMEMLIMIT=921MiB\n  warn journald.storage: gofer journald --write");
    // the fixture's app.service has MemoryMax=1G and no GOMEMLIMIT: the second warning
    assertThat(lines.get(lines.size() - 1)).matches("23 checks: \\d+ pass, \\d+ info, 2 warn, 0 fail, \\d+ skip");
    assertThat(r.out()).doesNotContain("\u001b[");
  }

  @Test
  void aFailingCheckExitsOne() throws Exception {
    Path weak = fixture(dir, "weak-cmdline");
    GoferTest.Result r = GoferTest.run("doctor", "--sysroot", weak.toString());
    assertThat(r.code()).isEqualTo(Gofer.EXIT_PROBLEMS);
    assertThat(r.out()).contains("fail  kernel.kaslr").contains("(exit 1)");
    GoferTest.Result skipped = GoferTest.run("doctor", "--sysroot", weak.toString(), "--skip", "kernel.kaslr,cpu.smep");
    assertThat(skipped.code()).isZero();
    assertThat(skipped.out()).contains("skip  kernel.kaslr          skipped by --skip");
  }

  @Test
  void jsonHasTheDocumentedShape() throws Exception {
    Path ubuntu = fixture(dir, "ubuntu2404");
    GoferTest.Result r = GoferTest.run("doctor", "--sysroot", ubuntu.toString(), "--format", "json", "--profile", "build");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("host", "checks");
    assertThat(root.get("host").get("os").asText()).isEqualTo("ubuntu");
    assertThat(root.get("host").get("profile").asText()).isEqualTo("build");
    assertThat(root.get("host").get("sysroot").asText()).isEqualTo(ubuntu.toString());
    List<String> ids = new ArrayList<>();
    for (JsonNode c : root.get("checks")) {
      List<String> keys = new ArrayList<>();
      c.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("id", "level", "observed", "expected", "why", "fix", "data");
      assertThat(c.get("level").asText()).isIn("pass", "info", "warn", "fail", "skip");
      assertThat(c.get("data").isObject()).isTrue();
      ids.add(c.get("id").asText());
    }
    assertThat(ids).startsWith("kernel.swappiness", "kernel.overcommit").contains("dlv.ptrace", "go.env");
    JsonNode somaxconn = root.get("checks").get(ids.indexOf("kernel.somaxconn"));
    assertThat(somaxconn.get("data").get("somaxconn").asLong()).isEqualTo(4096);
    JsonNode vulns = root.get("checks").get(ids.indexOf("cpu.vulnerabilities"));
    assertThat(vulns.get("data").get("files").get("meltdown").get("status").asText()).isEqualTo("ok");
  }

  @Test
  void junitIsValidXmlWithFailuresAndSkips() throws Exception {
    Path weak = fixture(dir, "weak-cmdline");
    // A hostile value: markup and a control character in a file the report quotes.
    Files.writeString(weak.resolve("proc/sys/vm/swappiness"), "<&\"'\u0001>\n");
    GoferTest.Result r = GoferTest.run("doctor", "--sysroot", weak.toString(), "--format", "junit");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_PROBLEMS);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    NodeList cases = suite.getElementsByTagName("testcase");
    assertThat(Integer.parseInt(suite.getAttribute("tests"))).isEqualTo(cases.getLength()).isGreaterThan(10);
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getElementsByTagName("failure").getLength()).isEqualTo(1);
    Element failure = (Element) suite.getElementsByTagName("failure").item(0);
    assertThat(((Element) failure.getParentNode()).getAttribute("name")).isEqualTo("kernel.kaslr");
    assertThat(suite.getElementsByTagName("skipped").getLength()).isEqualTo(Integer.parseInt(suite.getAttribute("skipped")));
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").equals("kernel.swappiness")) {
        Element skipped = (Element) c.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).contains("not an integer: \"<&\"'?>\"");
      }
    }
  }

  /** The ids the help's "Checks" list names: its lines up to the next blank line, first column. */
  static java.util.Set<String> helpIds(String help) {
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    boolean in = false;
    for (String line : help.lines().toList()) {
      if (line.startsWith("Checks (ids for --skip):")) {
        in = true;
      } else if (in && line.isBlank()) {
        break;
      } else if (in) {
        for (String id : line.strip().split("\\s{2,}")[0].split(",\\s*")) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  @Test
  void helpListsExactlyTheChecksAndTeachesWithExamples() {
    GoferTest.Result r = GoferTest.run("doctor", "--help");
    assertThat(r.code()).isZero();
    assertThat(helpIds(r.out())).containsExactlyElementsOf(dev.gofer.host.doctor.Doctor.standard().ids());
    assertThat(r.out()).contains("Examples:", "--fail-on", "--format junit --fail-on warn", "Exit 0: nothing at or above --fail-on");
    assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
  }

  @Test
  void readmeDoctorSectionAgreesWithTheChecksAndOptions() throws Exception {
    Path readme = hostsDir().getParent().getParent().getParent().getParent().getParent().resolve("README.md");
    String text = Files.readString(readme);
    String section = text.substring(text.indexOf("## Host doctor"));
    section = section.substring(0, section.indexOf("\n## ", 3));
    for (String id : dev.gofer.host.doctor.Doctor.standard().ids()) {
      assertThat(section).as(id).contains(id);
    }
    assertThat(section).contains("--fail-on warn", "[--fail-on fail|warn]");
  }

  @Test
  void failOnWarnMakesWarningsExitOneInTextAndJunit() throws Exception {
    Path rhel = fixture(dir, "rhel9");
    // rhel9 has two warnings (cgroup.memory, journald.storage) and no failure
    GoferTest.Result plain = GoferTest.run("doctor", "--sysroot", rhel.toString(), "--no-color");
    assertThat(plain.code()).isZero();
    assertThat(plain.out()).doesNotContain("(exit 1)");
    GoferTest.Result strict = GoferTest.run("doctor", "--sysroot", rhel.toString(), "--no-color", "--fail-on", "warn");
    assertThat(strict.code()).isEqualTo(Gofer.EXIT_PROBLEMS);
    assertThat(strict.out()).contains(" 2 warn, 0 fail, ").endsWith("(exit 1)\n");
    GoferTest.Result junit = GoferTest.run("doctor", "--sysroot", rhel.toString(), "--format", "junit", "--fail-on", "warn");
    assertThat(junit.code()).isEqualTo(Gofer.EXIT_PROBLEMS);
    Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(junit.out().getBytes(StandardCharsets.UTF_8))).getDocumentElement();
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    NodeList failures = suite.getElementsByTagName("failure");
    assertThat(failures.getLength()).isEqualTo(2);
    for (int i = 0; i < failures.getLength(); i++) {
      assertThat(((Element) failures.item(i)).getAttribute("type")).isEqualTo("warn");
    }
    GoferTest.Result bad = GoferTest.run("doctor", "--sysroot", rhel.toString(), "--fail-on", "info");
    assertThat(bad.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(bad.err()).isEqualTo("gofer: --fail-on info: unknown level (want fail or warn)\n");
  }

  @Test
  void aRhel8HostWarnsAboutItsNofileLimitAndNamesTheV1Files() throws Exception {
    Path rhel8 = fixture(dir, "rhel8-cgv1-host");
    GoferTest.Result r = GoferTest.run("doctor", "--sysroot", rhel8.toString(), "--no-color");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("cgroup v1, profile host")
        .containsPattern("warn  kernel\\.file-max +NOFILE hard 4096 \\(systemd before 240")
        .containsPattern("info  cgroup\\.cpu +CPU quota 2 CPUs \\(cpu\\.cfs_quota_us 200000, cpu\\.cfs_period_us 100000\\)")
        .contains("warn cgroup.memory: Environment=GOMEMLIMIT=921MiB");
  }

  @Test
  void usageErrorsExitTwoOnOneLine() throws Exception {
    Path rhel = fixture(dir, "rhel9");
    for (String[] args : List.of(
        new String[] {"doctor", "--sysroot", rhel.toString(), "--profile", "laptop"},
        new String[] {"doctor", "--sysroot", rhel.toString(), "--format", "yaml"},
        new String[] {"doctor", "--sysroot", dir.resolve("nope").toString()},
        new String[] {"doctor", "--sysroot", rhel.toString(), "--skip", "kernel.nonsense"},
        new String[] {"doctor", "--sysroot", rhel.toString(), "--fail-on", "skip"},
        new String[] {"doctor", "--sysroot", rhel.toString(), "--binary", dir.resolve("missing").toString()},
        new String[] {"doctor", "--sysroot", rhel.toString(), "--binary", rhel.resolve("etc/os-release").toString()})) {
      GoferTest.Result r = GoferTest.run(args);
      assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Gofer.EXIT_USAGE);
      assertThat(r.err().lines()).as(r.err()).hasSize(1);
      assertThat(r.err()).startsWith("gofer: --");
      assertThat(r.out()).isEmpty();
    }
    assertThat(GoferTest.run("doctor", "--binary", dir.toString()).err())
        .isEqualTo("gofer: --binary " + dir + ": not a regular file\n");
    if (Files.isRegularFile(Path.of("/bin/ls"))) {
      GoferTest.Result ls = GoferTest.run("doctor", "--binary", "/bin/ls");
      assertThat(ls.code()).isEqualTo(Gofer.EXIT_USAGE);
      assertThat(ls.err()).startsWith("gofer: --binary /bin/ls: not a Go executable").hasLineCount(1);
    }
  }

  @Test
  void binaryBuildInfoShowsInTheHostFacts() throws Exception {
    Path go = null;
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "go"))) {
        go = Path.of(d, "go").toRealPath();
        break;
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(go != null, "no go on PATH");
    Path rhel = fixture(dir, "rhel9");
    GoferTest.Result r = GoferTest.run("doctor", "--sysroot", rhel.toString(), "--format", "json", "--binary", go.toString());
    assertThat(r.code()).as(r.err()).isZero();
    var json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("host").get("binaryGoVersion").asText()).startsWith("go1.");
    java.util.Map<String, String> levels = new java.util.HashMap<>();
    json.get("checks").forEach(c -> levels.put(c.get("id").asText(), c.get("level").asText()));
    // the go command is a static CGO_ENABLED=0 binary: it runs on any host of its architecture
    assertThat(levels).containsEntry("binary.linking", "pass").containsKey("binary.capabilities");
  }

  @Test
  void theRealMachine() {
    GoferTest.Result r = GoferTest.run("doctor", "--format", "json");
    assertThat(r.code()).as(r.err()).isIn(0, 1);
    assertThat(r.out()).contains("\"checks\"");
  }
}
