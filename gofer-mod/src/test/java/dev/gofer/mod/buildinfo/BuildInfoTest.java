package dev.gofer.mod.buildinfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildInfoTest {

  @Test
  void parsesWhatTheGoCommandEmbeds() {
    String text =
        "path\texample.com/app/cmd/app\n"
            + "mod\texample.com/app\tv1.4.0\th1:main=\n"
            + "dep\tgolang.org/x/text\tv0.14.0\th1:text=\n"
            + "dep\texample.com/lib\tv1.2.3\n"
            + "=>\texample.com/fork\tv1.2.4\th1:fork=\n"
            + "build\t-buildmode=exe\n"
            + "build\t-ldflags=\"-s -w\"\n"
            + "build\tDefaultGODEBUG=containermaxprocs=0,updatemaxprocs=0\n"
            + "build\tvcs.modified=true\n";

    BuildInfo info = BuildInfo.parse(text);

    assertThat(info.goVersion()).isEmpty();
    assertThat(info.path()).isEqualTo("example.com/app/cmd/app");
    assertThat(info.main()).isEqualTo(ModuleInfo.of("example.com/app", "v1.4.0", "h1:main="));
    assertThat(info.deps())
        .containsExactly(
            ModuleInfo.of("golang.org/x/text", "v0.14.0", "h1:text="),
            ModuleInfo.of("example.com/lib", "v1.2.3", "")
                .replacedBy(ModuleInfo.of("example.com/fork", "v1.2.4", "h1:fork=")));
    assertThat(info.deps().get(1).effective().path()).isEqualTo("example.com/fork");
    assertThat(info.settings())
        .containsExactly(
            BuildSetting.of("-buildmode", "exe"),
            BuildSetting.of("-ldflags", "-s -w"),
            BuildSetting.of("DefaultGODEBUG", "containermaxprocs=0,updatemaxprocs=0"),
            BuildSetting.of("vcs.modified", "true"));
    assertThat(info.setting("-ldflags")).contains("-s -w");
    assertThat(info.setting("GOARCH")).isEmpty();
  }

  @Test
  void formatsAsGoDoesAndParsesBack() {
    BuildInfo info =
        new BuildInfo(
            "go1.26.8",
            "example.com/app",
            ModuleInfo.of("example.com/app", "(devel)", ""),
            List.of(
                ModuleInfo.of("example.com/lib", "v1.2.3", "")
                    .replacedBy(ModuleInfo.of("../lib", "", "")),
                ModuleInfo.of("golang.org/x/text", "v0.14.0", "h1:abc=")),
            List.of(
                BuildSetting.of("-ldflags", "-s -w"),
                BuildSetting.of("CGO_CFLAGS", ""),
                BuildSetting.of("weird key", "tab\there"),
                BuildSetting.of("", "`q`")));

    String text = info.format();

    assertThat(text)
        .isEqualTo(
            "go\tgo1.26.8\n"
                + "path\texample.com/app\n"
                + "mod\texample.com/app\t(devel)\t\n"
                + "dep\texample.com/lib\tv1.2.3\n"
                + "=>\t../lib\t\t\n"
                + "\n"
                + "dep\tgolang.org/x/text\tv0.14.0\th1:abc=\n"
                + "build\t-ldflags=\"-s -w\"\n"
                + "build\tCGO_CFLAGS=\n"
                + "build\t\"weird key\"=\"tab\\there\"\n"
                + "build\t\"\"=\"`q`\"\n");
    assertThat(BuildInfo.parse(text)).isEqualTo(info.withGoVersion(""));
  }

  @Test
  void leavesOutEmptyPartsWhenFormatting() {
    BuildInfo gopathMode = new BuildInfo("go1.17", "", ModuleInfo.EMPTY, List.of(), List.of());
    assertThat(gopathMode.format()).isEqualTo("go\tgo1.17\n");
    assertThat(gopathMode.goVersionOutput("./tool")).isEqualTo("./tool: go1.17\n");
    assertThat(BuildInfo.parse("")).isEqualTo(gopathMode.withGoVersion(""));
  }

  @Test
  void goVersionOutputIndentsEveryLineWithATab() {
    BuildInfo info = BuildInfo.parse("path\tcmd/gofmt\nbuild\tGOOS=linux\n").withGoVersion("go1.26.8");
    assertThat(info.goVersionOutput("/usr/local/go/bin/gofmt"))
        .isEqualTo("/usr/local/go/bin/gofmt: go1.26.8\n\tpath\tcmd/gofmt\n\tbuild\tGOOS=linux\n");
  }

  @Test
  void skipsUnknownLinesAndAnUnterminatedLastLine() {
    BuildInfo info =
        BuildInfo.parse("go\t1.18\nhello\n\npath\texample.com/m\nbuild\t-compiler=gc");
    assertThat(info.path()).isEqualTo("example.com/m");
    assertThat(info.settings()).isEmpty();
  }

  @Test
  void aLaterModLineReplacesTheMainModuleAndItsReplacement() {
    BuildInfo info = BuildInfo.parse("mod\ta\tv1\n=>\tb\tv2\t\nmod\tc\tv3\n");
    assertThat(info.main()).isEqualTo(ModuleInfo.of("c", "v3", ""));
    BuildInfo replaced = BuildInfo.parse("mod\ta\tv1\n=>\tb\tv2\ts\n");
    assertThat(replaced.main().replacement()).contains(ModuleInfo.of("b", "v2", "s"));
    assertThat(replaced.format()).isEqualTo("mod\ta\tv1\n=>\tb\tv2\ts\n\n");
  }

  @Test
  void aReplacementAppliesToTheLastModuleEvenAcrossOtherLines() {
    BuildInfo info = BuildInfo.parse("dep\ta\tv1\nbuild\tk=v\n=>\tb\tv2\t\n");
    assertThat(info.deps()).containsExactly(ModuleInfo.of("a", "v1", "").replacedBy(ModuleInfo.of("b", "v2", "")));
  }

  @Test
  void unquotesSettingsWithGoEscapes() {
    BuildInfo info =
        BuildInfo.parse(
            "build\tA=\"\\x41\\101\\u00e9\\U0001F600\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"\n"
                + "build\t`raw key`=`with \"quotes\" and \\n`\n"
                + "build\t\"=\"=\n"
                + "build\tB=\"\"\n");
    assertThat(info.settings())
        .containsExactly(
            BuildSetting.of("A", "AAé\uD83D\uDE00\u0007\b\f\n\r\t\u000b\\\""),
            BuildSetting.of("raw key", "with \"quotes\" and \\n"),
            BuildSetting.of("=", ""),
            BuildSetting.of("B", ""));
    assertThat(info.format())
        .isEqualTo(
            "build\tA=\"AAé\uD83D\uDE00\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"\n"
                + "build\t\"raw key\"=\"with \\\"quotes\\\" and \\\\n\"\n"
                + "build\t\"=\"=\n"
                + "build\tB=\n");
  }

  /**
   * Go keeps the bytes an escape denotes; gofer reads them as UTF-8, bytes that do not decode
   * as U+FFFD, exactly as it decodes the text in a binary.
   */
  @Test
  void escapedBytesReadAsUtf8WithReplacementCharacters() {
    BuildInfo info =
        BuildInfo.parse(
            "build\tA=\"\\xc3\\xa9\"\n"
                + "build\tB=\"\\303\\251\"\n"
                + "build\tC=\"\\xff\"\n"
                + "build\tD=\"\\xf0\\x90\\x82\\x80\\x80\"\n"
                + "build\t\"\\xe6\\x97 \\xe6\\x97\\xa5\\x80\"=\"x\\xe6\\x97\"\n");
    assertThat(info.settings())
        .containsExactly(
            BuildSetting.of("A", "é"),
            BuildSetting.of("B", "é"),
            BuildSetting.of("C", "\uFFFD"),
            BuildSetting.of("D", "\uD800\uDC80\uFFFD"),
            BuildSetting.of("\uFFFD 日\uFFFD", "x\uFFFD"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "mod\\ta\\n                 | 1 | expected 2 or 3 columns; got 1",
        "path\\tx\\ndep\\ta\\tb\\tc\\td\\n | 2 | expected 2 or 3 columns; got 4",
        "=>\\ta\\tb\\n               | 1 | expected 3 columns for replacement; got 2",
        "=>\\ta\\tb\\tc\\n            | 1 | replacement with no module on previous line",
        "dep\\ta\\tb\\n=>\\tc\\td\\te\\n=>\\tf\\tg\\th\\n | 3 | replacement with no module on previous line",
        "build\\t\\n                 | 1 | build line missing '='",
        "build\\t=v\\n               | 1 | build line with missing key",
        "build\\t\"k\\n              | 1 | invalid quoted key in build line",
        "build\\t\"\\q\"=v\\n          | 1 | invalid quoted key in build line",
        "build\\t\"k\"\\n             | 1 | build line missing '=' after quoted key",
        "build\\t\"k\"x=v\\n          | 1 | unexpected character after quoted key: 'x'",
        "build\\t\"k\"'=v\\n          | 1 | unexpected character after quoted key: '\\''",
        "build\\t\"k\"é=v\\n          | 1 | unexpected character after quoted key: 'Ã'",
        "build\\tk\\n                | 1 | build line missing '=' after key",
        "build\\tk\"=v\\n             | 1 | unquoted key \"k\\\"\" must be quoted",
        "build\\tk=\"v\\n             | 1 | invalid quoted value in build line",
        "build\\tk=\"v\"x\\n           | 1 | invalid quoted value in build line",
        "build\\tk=\"\\'\"\\n           | 1 | invalid quoted value in build line",
        "build\\tk=\"\\400\"\\n         | 1 | invalid quoted value in build line",
        "build\\tk=\"\\ud800\"\\n       | 1 | invalid quoted value in build line",
        "build\\tk=a b\\n            | 1 | unquoted value \"a b\" must be quoted",
        "build\\tk=a`\\n             | 1 | unquoted value \"a`\" must be quoted",
      })
  void rejectsMalformedLinesWithGosMessages(String escaped, int line, String message) {
    String text = escaped.strip().replace("\\t", "\t").replace("\\n", "\n");
    assertThatThrownBy(() -> BuildInfo.parse(text))
        .isInstanceOf(BuildInfoSyntaxException.class)
        .hasMessage("could not parse Go build info: line " + line + ": " + message)
        .satisfies(e -> assertThat(((BuildInfoSyntaxException) e).line()).isEqualTo(line));
  }

  @Test
  void moduleInfoHelpers() {
    ModuleInfo lib = ModuleInfo.of("example.com/lib", "v1.0.0", "h1:x=");
    assertThat(lib.replacement()).isEmpty();
    assertThat(lib.effective()).isSameAs(lib);
    assertThat(lib.isEmpty()).isFalse();
    assertThat(ModuleInfo.of("", "", "").isEmpty()).isTrue();
    assertThat(ModuleInfo.of("", "", "").replacedBy(lib).isEmpty()).isFalse();
  }
}
