package dev.gofer.host.doctor;

import dev.gofer.mod.ModException;
import dev.gofer.mod.module.PrefixPatterns;
import dev.gofer.mod.sumdb.SumdbEnv;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code go.env}: the go command's module settings in {@link Context#env()} and the rules they
 * are judged by (the go command's documented semantics, go.dev/ref/mod):
 *
 * <ul>
 *   <li>{@code GOSUMDB=off}: WARN, public modules are no longer checked against the checksum
 *       database, so a tampered proxy goes unnoticed;
 *   <li>{@code GONOSUMDB} (or {@code GOPRIVATE}, its default) matching public module paths such as
 *       {@code github.com/...} or {@code golang.org/x/...}, or {@code GOINSECURE}/{@code GOFLAGS=-insecure}:
 *       WARN, same reason;
 *   <li>{@code GOPROXY=off}: INFO, nothing is downloaded (builds need a filled module cache or
 *       vendor); {@code GOPROXY=direct}: INFO, modules come straight from version control,
 *       needing git and network access to every origin;
 *   <li>{@code GOFLAGS=-mod=mod}: INFO, builds may rewrite go.mod (CI wants {@code -mod=readonly});
 *   <li>{@code GOTOOLCHAIN} unset or {@code auto}: INFO, a go.mod asking for a newer Go makes the go
 *       command download that toolchain; WARN when {@code GOPROXY=off} as well, where that download
 *       must fail (an air gap): set {@code GOTOOLCHAIN=local} or serve toolchains with gofer.
 * </ul>
 *
 * PASS when no rule fires.
 */
final class GoEnvCheck implements Check {
  static final String ID = "go.env";
  static final List<String> VARS = List.of("GOPROXY", "GOSUMDB", "GONOSUMDB", "GOPRIVATE", "GOINSECURE", "GOFLAGS", "GOTOOLCHAIN");
  /** Public module paths a checksum-database exemption must not cover. */
  static final List<String> PUBLIC = List.of(
      "github.com/google/uuid", "golang.org/x/mod", "google.golang.org/grpc", "gopkg.in/yaml.v3",
      "go.uber.org/zap", "k8s.io/api");

  /** One rule that fired. */
  record Note(Level level, String text) {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Finding run(Context context) {
    List<Note> notes = notes(context);
    Level level = notes.stream().map(Note::level).reduce(Level.PASS, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    Map<String, Object> vars = new LinkedHashMap<>();
    for (String v : VARS) {
      vars.put(v, context.getenv(v).orElse(null));
    }
    String observed = notes.isEmpty() ? "defaults or sane values for " + String.join(", ", VARS)
        : String.join("; ", notes.stream().map(Note::text).toList());
    String fix = notes.stream().filter(n -> n.level() == Level.WARN).map(Note::text).findFirst().isPresent()
        ? "unset GOSUMDB/GONOSUMDB/GOINSECURE exemptions for public modules (list only private prefixes); "
            + "behind an air gap set GOTOOLCHAIN=local or GOPROXY to a gofer serve that has the toolchains"
        : "";
    return new Finding(ID, level, observed,
        "checksum verification for public modules; settings that work on this network",
        "GOSUMDB and GOPROXY decide whether downloaded modules are verified and where they come from; "
            + "GOTOOLCHAIN decides whether the go command fetches other toolchains.",
        fix, null)
        .with("vars", vars).with("notes", notes.stream().map(n -> n.level().key() + ": " + n.text()).toList());
  }

  static List<Note> notes(Context c) {
    List<Note> notes = new ArrayList<>();
    Optional<String> proxy = c.getenv("GOPROXY");
    Optional<String> sumdb = c.getenv("GOSUMDB");
    Optional<String> flags = c.getenv("GOFLAGS");
    try {
      if (SumdbEnv.parse(sumdb.orElse(null)).isEmpty()) {
        notes.add(new Note(Level.WARN, "GOSUMDB=off: public modules are not checked against the checksum database"));
      }
    } catch (ModException e) {
      notes.add(new Note(Level.WARN, "GOSUMDB=" + sumdb.orElse("") + ": " + e.getMessage()
          + "; the go command refuses to download modules with it"));
    }
    String nosumdb = c.getenv("GONOSUMDB").or(() -> c.getenv("GOPRIVATE")).orElse("");
    String which = c.getenv("GONOSUMDB").isPresent() ? "GONOSUMDB" : "GOPRIVATE";
    Optional<String> covered = PUBLIC.stream().filter(p -> PrefixPatterns.matches(nosumdb, p)).findFirst();
    if (covered.isPresent()) {
      notes.add(new Note(Level.WARN, which + "=" + nosumdb + " covers public modules (" + covered.get()
          + "): they skip checksum verification"));
    }
    c.getenv("GOINSECURE").ifPresent(g -> notes.add(new Note(Level.WARN,
        "GOINSECURE=" + g + ": those modules may be fetched over plain HTTP without verification")));
    if (flags.isPresent()) {
      for (String f : flags.get().split("\\s+")) {
        if (f.equals("-insecure") || f.startsWith("-insecure=")) {
          notes.add(new Note(Level.WARN, "GOFLAGS has -insecure: downloads skip HTTPS and checksum checks"));
        } else if (f.equals("-mod=mod")) {
          notes.add(new Note(Level.INFO, "GOFLAGS has -mod=mod: builds may update go.mod (CI wants -mod=readonly)"));
        }
      }
    }
    boolean proxyOff = proxy.filter("off"::equals).isPresent();
    if (proxyOff) {
      notes.add(new Note(Level.INFO, "GOPROXY=off: nothing is downloaded; builds need a filled module cache or vendor/"));
    } else if (proxy.filter("direct"::equals).isPresent()) {
      notes.add(new Note(Level.INFO, "GOPROXY=direct: modules come from version control, needing git and access to every origin"));
    }
    String toolchain = c.getenv("GOTOOLCHAIN").orElse("auto");
    if (toolchain.equals("auto") || toolchain.endsWith("+auto")) {
      notes.add(new Note(proxyOff ? Level.WARN : Level.INFO, "GOTOOLCHAIN=" + toolchain
          + ": a go.mod asking for a newer Go makes the go command download it"
          + (proxyOff ? ", which fails with GOPROXY=off (set GOTOOLCHAIN=local)" : "")));
    }
    return notes;
  }
}
