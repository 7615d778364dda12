package dev.gofer.mod.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gofer.mod.Vectors;
import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.semver.InvalidVersionException;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

class ModulePathTest {
  private static final JsonNode V = Vectors.load("case-encoding");

  /** The vector's path; {@code path_hex} rows hold bytes that are not UTF-8, decoded as a server would. */
  private static String path(JsonNode c) {
    if (c.has("path_hex")) {
      return new String(Vectors.hex(c.get("path_hex").asText()), StandardCharsets.UTF_8);
    }
    return c.get("path").asText();
  }

  @Test
  void checkPathTableAllThreeKinds() {
    JsonNode cases = V.get("check_path").get("cases");
    assertThat(cases).hasSize(105);
    SoftAssertions soft = new SoftAssertions();
    for (JsonNode c : cases) {
      String p = path(c);
      soft.assertThat(ModulePath.isValid(p)).as("CheckPath(%s)", p).isEqualTo(c.get("ok").asBoolean());
      soft.assertThat(accepts(() -> ModulePath.check(p))).as("CheckPath(%s)", p).isEqualTo(c.get("ok").asBoolean());
      soft.assertThat(accepts(() -> ModulePath.checkImportPath(p)))
          .as("CheckImportPath(%s)", p)
          .isEqualTo(c.get("import_ok").asBoolean());
      soft.assertThat(accepts(() -> ModulePath.checkFilePath(p)))
          .as("CheckFilePath(%s)", p)
          .isEqualTo(c.get("file_ok").asBoolean());
    }
    soft.assertAll();
  }

  private static boolean accepts(Runnable check) {
    try {
      check.run();
      return true;
    } catch (InvalidPathException e) {
      assertThat(e.getMessage()).startsWith("malformed " + e.kind() + " path \"").doesNotContain("\n");
      return false;
    }
  }

  @Test
  void invalidPathsFailToEscapeAndToUnescape() {
    for (JsonNode c : V.get("check_path").get("cases")) {
      if (!c.get("ok").asBoolean()) {
        String p = path(c);
        assertThatThrownBy(() -> ModulePath.escape(p)).isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> ModulePath.unescape(p))
            .as("UnescapePath(%s)", p)
            .isInstanceOf(InvalidPathException.class)
            .hasMessageStartingWith("invalid escaped module path ");
      }
    }
  }

  @Test
  void escapeAndUnescapePathVectors() {
    for (JsonNode c : V.get("escape_path")) {
      assertEscapes(c.get("path").asText(), c.get("escaped").asText());
    }
    for (JsonNode c : V.get("escape_path_derived").get("cases")) {
      assertEscapes(c.get("path").asText(), c.get("escaped").asText());
    }
  }

  private static void assertEscapes(String path, String escaped) {
    assertThat(ModulePath.escape(path)).isEqualTo(escaped);
    assertThat(ModulePath.unescape(escaped)).isEqualTo(path);
  }

  @Test
  void unescapeMustFailVectors() {
    for (JsonNode c : V.get("unescape_path_must_fail")) {
      String s = c.asText();
      assertThatThrownBy(() -> ModulePath.unescape(s))
          .as("UnescapePath(%s)", s)
          .isInstanceOf(InvalidPathException.class)
          .hasMessageStartingWith("invalid escaped module path " + GoQuote.quote(s));
    }
  }

  @Test
  void escapeVersionVectors() {
    for (JsonNode c : V.get("escape_version_derived").get("cases")) {
      String v = c.get("version").asText();
      String e = c.get("escaped").asText();
      assertThat(ModulePath.escapeVersion(v)).isEqualTo(e);
      assertThat(ModulePath.unescapeVersion(e)).isEqualTo(v);
    }
  }

  @Test
  void sumdbLookupExample() {
    JsonNode ex = V.get("sumdb_lookup_example");
    ModuleVersion mv = ModuleVersion.of(ex.get("module").asText(), ex.get("version").asText());
    assertThat("/lookup/" + mv.escaped()).isEqualTo(ex.get("lookup_path").asText());
  }

  @Test
  void escapeReturnsTheSameInstanceWhenNothingToEscape() {
    String p = "golang.org/x/mod";
    assertThat(ModulePath.escape(p)).isSameAs(p);
    assertThat(ModulePath.unescape(p)).isSameAs(p);
  }

  @Test
  void escapeVersionRejectsBangsAndBadElements() {
    for (String v : new String[] {"v1.0.0!", "", ".", "..", "a/b", "v1.", "com1", "x*y", "vé"}) {
      assertThatThrownBy(() -> ModulePath.escapeVersion(v))
          .as(v)
          .isInstanceOf(dev.gofer.mod.ModException.class);
    }
    assertThatThrownBy(() -> ModulePath.escapeVersion("v1.0.0!"))
        .isInstanceOf(InvalidVersionException.class)
        .hasMessage("version \"v1.0.0!\" invalid: disallowed version string");
  }

  @Test
  void unescapeVersionErrorsUseGoWording() {
    assertThatThrownBy(() -> ModulePath.unescapeVersion("v1.0.0-RC1"))
        .isInstanceOf(ModuleException.class)
        .hasMessage("invalid escaped version \"v1.0.0-RC1\"");
    assertThatThrownBy(() -> ModulePath.unescapeVersion("v!"))
        .hasMessage("invalid escaped version \"v!\"");
    assertThatThrownBy(() -> ModulePath.unescapeVersion("a:b"))
        .hasMessage("invalid escaped version \"a:b\": invalid char ':'");
  }

  @Test
  void errorMessagesMatchGo() {
    assertThatThrownBy(() -> ModulePath.check("x.y/z/v1"))
        .hasMessage("malformed module path \"x.y/z/v1\": invalid version");
    assertThatThrownBy(() -> ModulePath.check("x.y\"/z"))
        .hasMessage("malformed module path \"x.y\\\"/z\": invalid char '\"'");
    assertThatThrownBy(() -> ModulePath.check("X.y/z"))
        .hasMessage("malformed module path \"X.y/z\": invalid char 'X' in first path element");
    assertThatThrownBy(() -> ModulePath.check("xy/z"))
        .hasMessage("malformed module path \"xy/z\": missing dot in first path element");
    assertThatThrownBy(() -> ModulePath.checkImportPath("x.y/aux.foo"))
        .hasMessage("malformed import path \"x.y/aux.foo\": \"aux\" disallowed as path element component on Windows");
    assertThatThrownBy(() -> ModulePath.checkImportPath("x.y/z~09"))
        .hasMessage("malformed import path \"x.y/z~09\": trailing tilde and digits in path element");
    assertThatThrownBy(() -> ModulePath.checkFilePath("x\u263ay"))
        .hasMessage("malformed file path \"x\u263ay\": invalid char '\u263a'");
    assertThatThrownBy(() -> ModulePath.checkFilePath("a/../b"))
        .hasMessage("malformed file path \"a/../b\": invalid path element \"..\"");
    assertThatThrownBy(() -> ModulePath.checkFilePath("a\tb"))
        .hasMessage("malformed file path \"a\\tb\": invalid char '\\t'");
    assertThatThrownBy(() -> ModulePath.checkFilePath("a\uD800"))
        .hasMessage("malformed file path \"a\\ufffd\": invalid UTF-8");
    assertThatThrownBy(() -> ModulePath.unescape("github.com/!google/v1"))
        .hasMessage("invalid escaped module path \"github.com/!google/v1\": "
            + "malformed module path \"github.com/Google/v1\": invalid version");
  }

  @Test
  void filePathsAllowUnicodeLettersAndLeadingDots() {
    assertThatCode(() -> ModulePath.checkFilePath(".github/Überblick é.md")).doesNotThrowAnyException();
    assertThatCode(() -> ModulePath.checkFilePath("-x")).doesNotThrowAnyException();
  }

  @Test
  void checkPathVersionVectors() {
    for (JsonNode c : V.get("check_path_version").get("cases")) {
      String p = c.get("path").asText();
      String v = c.get("version").asText();
      boolean ok = c.get("ok").asBoolean();
      if (ok) {
        assertThatCode(() -> ModulePath.checkPathVersion(p, v)).as("%s@%s", p, v).doesNotThrowAnyException();
        assertThat(ModuleVersion.of(p, v).check()).isEqualTo(ModuleVersion.of(p, v));
      } else {
        assertThatThrownBy(() -> ModuleVersion.of(p, v).check())
            .as("%s@%s", p, v)
            .isInstanceOf(ModuleException.class);
      }
    }
  }

  @Test
  void checkPathVersionMessages() {
    assertThatThrownBy(() -> ModulePath.checkPathVersion("rsc.io/quote", "v17.0.0"))
        .isInstanceOf(ModuleException.class)
        .hasMessage("rsc.io/quote@v17.0.0: invalid version: should be v0 or v1, not v17")
        .hasCauseInstanceOf(InvalidVersionException.class);
    assertThatThrownBy(() -> ModulePath.checkPathVersion("rsc.io/quote", "0.1.0"))
        .hasMessage("rsc.io/quote@0.1.0: invalid version: not a semantic version");
    assertThatThrownBy(() -> ModulePath.checkPathVersion("gopkg.in/yaml.v2", "v1.0.0"))
        .hasMessage("gopkg.in/yaml.v2@v1.0.0: invalid version: should be v2, not v1");
    assertThatThrownBy(() -> ModulePath.checkPathVersion("rsc io/quote", "v1.0.0"))
        .isInstanceOf(InvalidPathException.class);
  }

  @Test
  void matchPathMajorVectors() {
    for (JsonNode c : V.get("match_path_major")) {
      String v = c.get("version").asText();
      String pm = c.get("path_major").asText();
      boolean want = c.get("want").asBoolean();
      assertThat(ModulePath.matchPathMajor(v, pm)).as("MatchPathMajor(%s, %s)", v, pm).isEqualTo(want);
      if (want) {
        assertThatCode(() -> ModulePath.checkPathMajor(v, pm)).doesNotThrowAnyException();
      } else {
        assertThatThrownBy(() -> ModulePath.checkPathMajor(v, pm))
            .isInstanceOf(InvalidVersionException.class)
            .hasMessageStartingWith("version \"" + v + "\" invalid: should be ");
      }
    }
  }

  @Test
  void splitPathVersion() {
    assertThat(ModulePath.splitPathVersion("rsc.io/quote/v3"))
        .isEqualTo(new ModulePath.Split("rsc.io/quote", "/v3", true));
    assertThat(ModulePath.splitPathVersion("rsc.io/quote"))
        .isEqualTo(new ModulePath.Split("rsc.io/quote", "", true));
    assertThat(ModulePath.splitPathVersion("rsc.io/quote/v1"))
        .isEqualTo(new ModulePath.Split("rsc.io/quote/v1", "", false));
    assertThat(ModulePath.splitPathVersion("rsc.io/quote/v02").ok()).isFalse();
    assertThat(ModulePath.splitPathVersion("rsc.io/quote/v2.1").ok()).isFalse();
    assertThat(ModulePath.splitPathVersion("gopkg.in/yaml.v2"))
        .isEqualTo(new ModulePath.Split("gopkg.in/yaml", ".v2", true));
    assertThat(ModulePath.splitPathVersion("gopkg.in/yaml.v0"))
        .isEqualTo(new ModulePath.Split("gopkg.in/yaml", ".v0", true));
    assertThat(ModulePath.splitPathVersion("gopkg.in/check.v1-unstable"))
        .isEqualTo(new ModulePath.Split("gopkg.in/check", ".v1-unstable", true));
    assertThat(ModulePath.splitPathVersion("gopkg.in/yaml").ok()).isFalse();
    assertThat(ModulePath.splitPathVersion("gopkg.in/yaml.v01").ok()).isFalse();
  }
}
