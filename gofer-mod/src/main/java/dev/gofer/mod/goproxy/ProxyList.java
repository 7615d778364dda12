package dev.gofer.mod.goproxy;

import dev.gofer.mod.internal.GoQuote;
import dev.gofer.mod.internal.GoText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A parsed {@code GOPROXY} value: the proxies to try in order and, for each, whether to go on after
 * any error ({@code |} after it) or only after "not found" ({@code ,} after it), as cmd/go's
 * {@code proxyList} reads it.
 *
 * <p>Rules: entries are separated by {@code ,} or {@code |}, and the separator after an entry sets
 * that entry's fall-through; white space around an entry is trimmed and empty entries between
 * separators are skipped; {@code off} and {@code direct} end the list (later entries are ignored);
 * an entry with a {@code .}, {@code :} or {@code /} but no {@code :/}, that is not an absolute path,
 * gets {@code https://} in front; URLs must be {@code http}, {@code https}, or {@code file} with
 * nothing but a path.
 *
 * <p>Differences from cmd/go: a value with no entries at all is an error here (cmd/go treats it as
 * {@code off}), and {@code direct} is kept in the list but fails when reached, with
 * {@value DirectModeException#MESSAGE}.
 *
 * @param entries the entries in order, never empty
 */
public record ProxyList(List<Entry> entries) {

  /** The go command's default, {@code https://proxy.golang.org,direct}. */
  public static final String GO_DEFAULT = "https://proxy.golang.org,direct";

  /** One element of the list. */
  public sealed interface Entry permits Proxy, Off, Direct {}

  /**
   * A proxy URL.
   *
   * @param url the base URL, scheme in lower case ({@code http}, {@code https} or {@code file})
   * @param fallBackOnError true if {@code |} followed it: try the next entry after any error
   */
  public record Proxy(URI url, boolean fallBackOnError) implements Entry {
    /** Checks the URL's scheme. */
    public Proxy {
      Objects.requireNonNull(url, "url");
      if (!List.of("http", "https", "file").contains(url.getScheme())) {
        throw new IllegalArgumentException("scheme must be http, https or file: " + url);
      }
    }

    /** Whether this is a {@code file://} directory. */
    public boolean isFile() {
      return url.getScheme().equals("file");
    }

    @Override
    public String toString() {
      return redact(url);
    }
  }

  /** {@code off}: every lookup fails with "module lookup disabled by GOPROXY=off". */
  public record Off() implements Entry {
    @Override
    public String toString() {
      return "off";
    }
  }

  /** {@code direct}: fetching from version control, which gofer does not do. */
  public record Direct() implements Entry {
    @Override
    public String toString() {
      return "direct";
    }
  }

  /** Copies the entries; rejects an empty list. */
  public ProxyList {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a proxy list has at least one entry");
    }
  }

  /**
   * Parses a {@code GOPROXY} value.
   *
   * @throws ProxyListException if an entry is not a usable URL, or there are no entries
   */
  public static ProxyList parse(String goproxy) {
    Objects.requireNonNull(goproxy, "goproxy");
    List<Entry> list = new ArrayList<>();
    String rest = goproxy;
    while (!rest.isEmpty()) {
      int i = indexOfSeparator(rest);
      String element;
      boolean fallBackOnError = false;
      if (i >= 0) {
        element = rest.substring(0, i);
        fallBackOnError = rest.charAt(i) == '|';
        rest = rest.substring(i + 1);
      } else {
        element = rest;
        rest = "";
      }
      element = GoText.trimSpace(element);
      if (element.isEmpty()) {
        continue;
      }
      if (element.equals("off")) {
        list.add(new Off());
        break;
      }
      if (element.equals("direct")) {
        list.add(new Direct());
        break;
      }
      if (containsAny(element, ".:/") && !element.contains(":/") && !element.startsWith("/")) {
        element = "https://" + element;
      }
      list.add(new Proxy(checkUrl(element), fallBackOnError));
    }
    if (list.isEmpty()) {
      throw new ProxyListException(
          "GOPROXY has no entries; set it to a proxy URL (or to off to disable downloads)");
    }
    return new ProxyList(list);
  }

  /** A single proxy that stops on any error but "not found", like {@code GOPROXY=<url>}. */
  public static ProxyList of(URI url) {
    return parse(url.toString());
  }

  /** Whether the list contains {@code direct}, which gofer cannot follow. */
  public boolean hasDirect() {
    return entries.stream().anyMatch(e -> e instanceof Direct);
  }

  /**
   * Whether the list is exactly one {@code file://} proxy (cmd/go then lets toolchain downloads
   * skip the checksum database).
   */
  public boolean isSingleFileProxy() {
    return entries.size() == 1 && entries.get(0) instanceof Proxy p && p.isFile();
  }

  /** The list in {@code GOPROXY} syntax, passwords redacted. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      b.append(e);
      if (e instanceof Proxy p && p.fallBackOnError()) {
        b.append('|'); // kept after the last entry too, so the value parses back to this list
      } else if (i + 1 < entries.size()) {
        b.append(',');
      }
    }
    return b.toString();
  }

  private static int indexOfSeparator(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',' || c == '|') {
        return i;
      }
    }
    return -1;
  }

  private static boolean containsAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Checks one URL entry as cmd/go's {@code newProxyRepo} does. */
  private static URI checkUrl(String s) {
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new ProxyListException(
          "invalid proxy URL " + GoQuote.quote(redactText(s)) + " in GOPROXY: " + e.getReason());
    }
    String scheme = u.getScheme();
    if (scheme == null) {
      throw new ProxyListException("invalid proxy URL missing scheme: " + redact(u));
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "http", "https" -> {
        if (u.isOpaque() || u.getHost() == null) {
          throw new ProxyListException("invalid proxy URL missing host: " + redact(u));
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
          throw new ProxyListException(
              "invalid proxy URL with query or fragment: " + redact(u));
        }
      }
      case "file" -> {
        if (u.isOpaque()
            || !u.getRawSchemeSpecificPart().startsWith("//")
            || u.getRawAuthority() != null
            || u.getRawQuery() != null
            || u.getRawFragment() != null
            || u.getRawPath() == null
            || !u.getRawPath().startsWith("/")) {
          throw new ProxyListException(
              "invalid file:// proxy URL with non-path elements: " + redact(u));
        }
      }
      default ->
          throw new ProxyListException(
              "invalid proxy URL scheme (must be https, http, file): " + redact(u));
    }
    if (!scheme.equals(u.getScheme())) {
      try {
        u = new URI(scheme + ":" + u.getRawSchemeSpecificPart()
            + (u.getRawFragment() == null ? "" : "#" + u.getRawFragment()));
      } catch (URISyntaxException e) {
        throw new ProxyListException("invalid proxy URL: " + redact(u));
      }
    }
    return u;
  }

  /** The URL with its password replaced by {@code xxxxx}, as Go's {@code URL.Redacted}. */
  static String redact(URI u) {
    return redactText(u.toString());
  }

  private static String redactText(String s) {
    int schemeEnd = s.indexOf("://");
    if (schemeEnd < 0) {
      return s;
    }
    int authStart = schemeEnd + 3;
    int authEnd = authStart;
    while (authEnd < s.length() && "/?#".indexOf(s.charAt(authEnd)) < 0) {
      authEnd++;
    }
    int at = s.lastIndexOf('@', authEnd - 1);
    if (at < authStart) {
      return s;
    }
    int colon = s.indexOf(':', authStart);
    if (colon < 0 || colon > at) {
      return s;
    }
    return s.substring(0, colon + 1) + "xxxxx" + s.substring(at);
  }
}
