package dev.gofer.mod.buildinfo;

import dev.gofer.mod.internal.GoQuote;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The build information of a Go binary, as {@code runtime/debug.BuildInfo}: the toolchain
 * version, the main package path, the main module, the dependency modules and the build
 * settings.
 *
 * <p>{@link #parse} reads the module information text the go command embeds (Go's {@code
 * ParseBuildInfo}); {@link #format} writes it back (Go's {@code BuildInfo.String}); {@link
 * #goVersionOutput} is what {@code go version -m FILE} prints. The records map one to one onto
 * the JSON {@code go version -m -json} prints, whose field names are these component names
 * capitalised ({@code GoVersion}, {@code Path}, {@code Main}, {@code Deps}, {@code Settings}),
 * with empty strings, empty lists and a null {@code Replace} left out, and {@code Main} always
 * present.
 *
 * @param goVersion the toolchain that built the binary, for example {@code go1.22.5} (possibly
 *     followed by experiment tags such as {@code X:boringcrypto}); empty when parsed from text
 * @param path the package path of the main package, or empty
 * @param main the main module, or {@link ModuleInfo#isEmpty() empty} outside module mode
 * @param deps the dependency modules that contributed packages, in the binary's order
 * @param settings the build settings, in the binary's order
 */
public record BuildInfo(
    String goVersion,
    String path,
    ModuleInfo main,
    List<ModuleInfo> deps,
    List<BuildSetting> settings) {

  private static final int NO_MODULE = -2;
  private static final int MAIN_MODULE = -1;

  public BuildInfo {
    Objects.requireNonNull(goVersion, "goVersion");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(main, "main");
    deps = List.copyOf(deps);
    settings = List.copyOf(settings);
  }

  /**
   * Parses module information text as {@code runtime/debug.ParseBuildInfo} does. The result has
   * an empty {@link #goVersion}: the version is stored apart from this text in a binary. Lines
   * with an unknown prefix are skipped, and so is a last line without a newline.
   *
   * @throws BuildInfoSyntaxException when a line is malformed, with Go's message
   */
  public static BuildInfo parse(String data) {
    String path = "";
    ModuleInfo main = ModuleInfo.EMPTY;
    List<ModuleInfo> deps = new ArrayList<>();
    List<BuildSetting> settings = new ArrayList<>();
    int last = NO_MODULE;
    int lineNum = 1;
    int pos = 0;
    int n = data.length();
    while (pos < n) {
      int nl = data.indexOf('\n', pos);
      if (nl < 0) {
        break;
      }
      String line = data.substring(pos, nl);
      pos = nl + 1;
      if (line.startsWith("path\t")) {
        path = line.substring(5);
      } else if (line.startsWith("mod\t")) {
        main = moduleLine(line.substring(4), lineNum);
        last = MAIN_MODULE;
      } else if (line.startsWith("dep\t")) {
        deps.add(moduleLine(line.substring(4), lineNum));
        last = deps.size() - 1;
      } else if (line.startsWith("=>\t")) {
        List<String> elem = splitTabs(line.substring(3));
        if (elem.size() != 3) {
          throw new BuildInfoSyntaxException(
              lineNum, "expected 3 columns for replacement; got " + elem.size());
        }
        ModuleInfo replacement = ModuleInfo.of(elem.get(0), elem.get(1), elem.get(2));
        switch (last) {
          case NO_MODULE ->
              throw new BuildInfoSyntaxException(
                  lineNum, "replacement with no module on previous line");
          case MAIN_MODULE -> main = main.replacedBy(replacement);
          default -> deps.set(last, deps.get(last).replacedBy(replacement));
        }
        last = NO_MODULE;
      } else if (line.startsWith("build\t")) {
        settings.add(buildLine(line.substring(6), lineNum));
      }
      lineNum++;
    }
    return new BuildInfo("", path, main, deps, settings);
  }

  private static ModuleInfo moduleLine(String rest, int lineNum) {
    List<String> elem = splitTabs(rest);
    if (elem.size() != 2 && elem.size() != 3) {
      throw new BuildInfoSyntaxException(
          lineNum, "expected 2 or 3 columns; got " + elem.size());
    }
    return ModuleInfo.of(elem.get(0), elem.get(1), elem.size() == 3 ? elem.get(2) : "");
  }

  /** Go's {@code strings.Split(s, "\t")}: keeps empty fields, including trailing ones. */
  private static List<String> splitTabs(String s) {
    List<String> out = new ArrayList<>(4);
    int start = 0;
    for (int tab = s.indexOf('\t'); tab >= 0; tab = s.indexOf('\t', start)) {
      out.add(s.substring(start, tab));
      start = tab + 1;
    }
    out.add(s.substring(start));
    return out;
  }

  private static BuildSetting buildLine(String kv, int lineNum) {
    if (kv.isEmpty()) {
      throw new BuildInfoSyntaxException(lineNum, "build line missing '='");
    }
    String key;
    String rawValue;
    switch (kv.charAt(0)) {
      case '=' -> throw new BuildInfoSyntaxException(lineNum, "build line with missing key");
      case '`', '"' -> {
        String rawKey = GoQuote.quotedPrefix(kv);
        if (rawKey == null) {
          throw new BuildInfoSyntaxException(lineNum, "invalid quoted key in build line");
        }
        key = unquote(rawKey); // never null: the quoted prefix is a literal
        if (kv.length() == rawKey.length()) {
          throw new BuildInfoSyntaxException(lineNum, "build line missing '=' after quoted key");
        }
        int c = kv.codePointAt(rawKey.length());
        if (c != '=') {
          throw new BuildInfoSyntaxException(
              lineNum, "unexpected character after quoted key: " + GoQuote.quoteRune(firstByte(c)));
        }
        rawValue = kv.substring(rawKey.length() + 1);
      }
      default -> {
        int eq = kv.indexOf('=');
        if (eq < 0) {
          throw new BuildInfoSyntaxException(lineNum, "build line missing '=' after key");
        }
        key = kv.substring(0, eq);
        rawValue = kv.substring(eq + 1);
        if (BuildSetting.quoteKey(key)) {
          throw new BuildInfoSyntaxException(
              lineNum, "unquoted key " + GoQuote.quote(key) + " must be quoted");
        }
      }
    }
    String value = rawValue;
    if (!rawValue.isEmpty()) {
      char first = rawValue.charAt(0);
      if (first == '`' || first == '"') {
        value = unquote(rawValue);
        if (value == null) {
          throw new BuildInfoSyntaxException(lineNum, "invalid quoted value in build line");
        }
      } else if (BuildSetting.quoteValue(rawValue)) {
        throw new BuildInfoSyntaxException(
            lineNum, "unquoted value " + GoQuote.quote(rawValue) + " must be quoted");
      }
    }
    return BuildSetting.of(key, value);
  }

  /**
   * {@code strconv.Unquote}, or null on a syntax error. Go keeps the raw bytes escapes such as
   * {@code \xff} denote; here, as in the text {@link BuildInfoReader} decodes, bytes that are not
   * UTF-8 read as U+FFFD, the way {@code new String(bytes, UTF_8)} replaces them.
   */
  private static String unquote(String literal) {
    String s = GoQuote.unquote(literal);
    if (s == null) {
      return null;
    }
    int i = firstCarriedByte(s, 0);
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int done = 0;
    ByteArrayOutputStream run = new ByteArrayOutputStream();
    while (i < s.length()) {
      b.append(s, done, i);
      run.reset();
      for (; i < s.length() && isCarriedByte(s, i); i++) {
        run.write(s.charAt(i) - 0xDC00);
      }
      // A run of carried bytes ends before a character, which no UTF-8 sequence continues
      // into, so decoding the run alone replaces exactly what decoding all the bytes would.
      b.append(run.toString(StandardCharsets.UTF_8));
      done = i;
      i = firstCarriedByte(s, i);
    }
    return b.append(s, done, s.length()).toString();
  }

  /** Where the next byte {@link GoQuote#unquote} carries as a lone surrogate stands, or the end. */
  private static int firstCarriedByte(String s, int from) {
    int i = from;
    while (i < s.length() && !isCarriedByte(s, i)) {
      i++;
    }
    return i;
  }

  /** Whether {@code s.charAt(i)} is a carried byte, a lone surrogate, not half of a pair. */
  private static boolean isCarriedByte(String s, int i) {
    char c = s.charAt(i);
    return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }

  /** The first byte of the UTF-8 encoding of {@code c}, which is what Go sees at that index. */
  private static int firstByte(int c) {
    if (c < 0x80) {
      return c;
    }
    return new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)[0] & 0xff;
  }

  /** This information with the toolchain version {@code goVersion}. */
  public BuildInfo withGoVersion(String goVersion) {
    return new BuildInfo(goVersion, path, main, deps, settings);
  }

  /** The value of the build setting {@code key}, the first if there are several. */
  public Optional<String> setting(String key) {
    for (BuildSetting s : settings) {
      if (s.key().equals(key)) {
        return Optional.of(s.value());
      }
    }
    return Optional.empty();
  }

  /**
   * This information as Go's {@code BuildInfo.String} writes it: one line per item, fields
   * separated by tabs, each line ending in a newline:
   *
   * <pre>
   * go	go1.22.5
   * path	example.com/app
   * mod	example.com/app	(devel)
   * dep	golang.org/x/text	v0.14.0	h1:...
   * dep	example.com/lib	v1.0.0
   * =>	../lib	(devel)
   *
   * build	-buildmode=exe
   * </pre>
   *
   * A replaced module is followed by its {@code =>} line and then, as Go writes it, an empty
   * line; its own sum is not written (the go command never records one: the replacement
   * carries the sum). The {@code go} line is left out when {@link #goVersion} is empty, {@code path} when the path
   * is empty, {@code mod} when the main module is empty. {@link #parse} reads this back.
   */
  public String format() {
    StringBuilder b = new StringBuilder(256 + 96 * deps.size() + 48 * settings.size());
    if (!goVersion.isEmpty()) {
      b.append("go\t").append(goVersion).append('\n');
    }
    if (!path.isEmpty()) {
      b.append("path\t").append(path).append('\n');
    }
    if (!main.isEmpty()) {
      formatModule(b, "mod", main);
    }
    for (ModuleInfo dep : deps) {
      formatModule(b, "dep", dep);
    }
    for (BuildSetting s : settings) {
      b.append("build\t").append(s.format()).append('\n');
    }
    return b.toString();
  }

  private static void formatModule(StringBuilder b, String word, ModuleInfo m) {
    b.append(word).append('\t').append(m.path()).append('\t').append(m.version());
    if (m.replace() == null) {
      b.append('\t').append(m.sum());
    } else {
      b.append('\n');
      formatModule(b, "=>", m.replace());
    }
    b.append('\n');
  }

  /**
   * What {@code go version -m FILE} prints for this binary: {@code FILE: goVersion}, then each
   * line of {@link #format()} (without the {@code go} line) indented by a tab.
   *
   * @param file the file name exactly as it should appear, as given on the command line
   */
  public String goVersionOutput(String file) {
    String mod = withGoVersion("").format();
    StringBuilder b = new StringBuilder(file.length() + goVersion.length() + mod.length() + 64);
    b.append(file).append(": ").append(goVersion).append('\n');
    if (!mod.isEmpty()) {
      b.append('\t');
      for (int i = 0, last = mod.length() - 1; i < last; i++) {
        char c = mod.charAt(i);
        b.append(c);
        if (c == '\n') {
          b.append('\t');
        }
      }
      b.append('\n');
    }
    return b.toString();
  }
}
