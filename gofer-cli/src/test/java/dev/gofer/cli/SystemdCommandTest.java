package dev.gofer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SystemdCommandTest {
  @Test
  void printsAHardenedUnitForTheDistroOfTheSysroot(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/os-release"), "ID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n");
    GoferTest.Result r = GoferTest.run("systemd", "unit", "web", "--exec", "/usr/local/bin/web", "--port", "443",
        "--memory-max", "512M", "--cpu-quota", "150%", "--env", "APP_ENV=prod", "--sysroot", root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("# /etc/systemd/system/web.service:")
        .contains("ExecStart=/usr/local/bin/web\n", "DynamicUser=yes\n", "Restart=on-failure\n",
            "LimitNOFILE=65536\n", "MemoryMax=512M\n", "Environment=GOMEMLIMIT=460MiB\n", "CPUQuota=150%\n",
            "Environment=GOMAXPROCS=1\n", "Environment=APP_ENV=prod\n",
            "AmbientCapabilities=CAP_NET_BIND_SERVICE\n", "StateDirectory=web\n", "SELinux", "[Install]");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void outputWritesAtomicallyAndRefusesToReplaceADifferentFile(@TempDir Path dir) throws Exception {
    String[] args = {"systemd", "unit", "app", "--exec", "/usr/bin/app", "--distro", "debian", "--output", dir.toString(),
        "--debug", "--dlv", "/usr/bin/dlv"};
    GoferTest.Result r = GoferTest.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    Path unit = dir.resolve("app.service");
    Path dropIn = dir.resolve("app.service.d/90-gofer-debug.conf");
    assertThat(r.out().lines()).containsExactly(unit.toString(), dropIn.toString());
    assertThat(Files.readString(unit)).contains("Debian 12").contains("CapabilityBoundingSet=\n");
    assertThat(Files.readString(dropIn)).contains("ExecStart=\nExecStart=/usr/bin/dlv exec --headless --listen=127.0.0.1:2345")
        .contains("AmbientCapabilities=CAP_SYS_PTRACE\n");

    assertThat(GoferTest.run(args).code()).as("same content again").isZero();
    Files.writeString(unit, "# edited by hand\n");
    GoferTest.Result refused = GoferTest.run(args);
    assertThat(refused.code()).isEqualTo(Gofer.EXIT_RUNTIME);
    assertThat(refused.err()).contains("exists with different content; pass --force")
        .contains("gofer: note: /usr/bin/app does not exist under /").hasLineCount(2);
    assertThat(Files.readString(unit)).isEqualTo("# edited by hand\n");
    String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
    forced[args.length] = "--force";
    assertThat(GoferTest.run(forced).code()).isZero();
    assertThat(Files.readString(unit)).contains("[Service]");
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("app.service", "app.service.d");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "bad name          | my app   | --exec=/usr/bin/app           | invalid unit name",
    "relative exec     | app      | --exec=bin/app                | invalid --exec",
    "bad size          | app      | --memory-max=lots             | invalid size",
    "zero size         | app      | --memory-max=0                | invalid size",
    "bad percent       | app      | --cpu-quota=1.5%              | invalid --cpu-quota",
    "bad capability    | app      | --capability=CAP_FLY          | unknown capability",
    "bad env           | app      | --env=NOEQUALS                | invalid --env",
    "bad port          | app      | --port=70000                  | invalid --port",
    "root user         | app      | --user=root                   | --user root",
    "bad distro        | app      | --distro=arch                 | invalid --distro",
    "relative dlv      | app      | --dlv=dlv                     | invalid --dlv",
  })
  void badInputIsOneLineAndExit2(String label, String name, String option, String message) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("systemd", "unit", name, "--debug", option));
    if (!option.startsWith("--exec")) {
      args.add("--exec=/usr/bin/app");
    }
    if (!option.startsWith("--distro")) {
      args.add("--distro=other");
    }
    GoferTest.Result r = GoferTest.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err().lines()).singleElement().asString()
        .startsWith("gofer: ").contains(message);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aBinaryThatIsNotGoIsAUsageError(@TempDir Path dir) throws Exception {
    Path notGo = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho hi\n");
    GoferTest.Result r = GoferTest.run("systemd", "unit", "app", "--exec=/usr/bin/app", "--distro=other",
        "--cpu-quota=200", "--binary", notGo.toString());
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).startsWith("gofer: --binary: ").hasLineCount(1);
  }

  @Test
  void missingExecIsAUsageErrorWithAHint() {
    GoferTest.Result r = GoferTest.run("systemd", "unit", "app");
    assertThat(r.code()).isEqualTo(Gofer.EXIT_USAGE);
    assertThat(r.err()).contains("--exec");
  }

  @Test
  void jsonCarriesTheUnitAndTheDecision() {
    GoferTest.Result r = GoferTest.run("systemd", "unit", "app", "--exec=/usr/bin/app", "--distro=ubuntu", "--json");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("{\"name\":\"app.service\",\"path\":\"/etc/systemd/system/app.service\",\"distro\":\"ubuntu\",\"cgroupAwareGo\":false,\"written\":[],\"unit\":\"# /etc/systemd/system/app.service")
        .contains("\\nDynamicUser=yes\\n").endsWith("}\n");
  }

  /**
   * Every issue-5 command's help has examples, and picocli formats it without complaint: an
   * unescaped '%' made it print "[picocli WARN] Could not format" to the JVM's stderr and show the
   * description raw.
   */
  @Test
  void everyHostCommandsHelpFormatsCleanlyWithExamples() {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream jvmErr = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(jvmErr, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      for (String[] cmd : java.util.List.of(new String[] {"doctor"}, new String[] {"sysctl"}, new String[] {"systemd", "unit"},
          new String[] {"journald"}, new String[] {"inspect"}, new String[] {"audit"})) {
        String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
        args[cmd.length] = "--help";
        GoferTest.Result r = GoferTest.run(args);
        assertThat(r.code()).as(String.join(" ", cmd)).isZero();
        assertThat(r.out()).as(String.join(" ", cmd)).contains("Examples:", "Exit");
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(jvmErr.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  @Test
  void helpTeachesWithExamples() {
    GoferTest.Result r = GoferTest.run("systemd", "unit", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Examples:", "gofer systemd unit web --exec", "MemoryDenyWriteExecute", "--memory-max",
        "90 % of it", "--cpu-quota 200% --binary");
    assertThat(GoferTest.run("--help").out()).contains("systemd", "journald");
  }
}
