package dev.gofer.mod.zip;

import java.util.ArrayList;
import java.util.List;

/** Go's {@code path.Clean}, {@code path.Dir} and {@code path.Base} on slash-separated paths. */
final class GoPath {
  private GoPath() {}

  static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.charAt(0) == '/';
    List<String> out = new ArrayList<>();
    int dotdots = 0;
    for (String e : p.split("/", -1)) {
      if (e.isEmpty() || e.equals(".")) {
        continue;
      }
      if (e.equals("..")) {
        if (out.size() > dotdots) {
          out.remove(out.size() - 1);
        } else if (!rooted) {
          out.add("..");
          dotdots++;
        }
        continue;
      }
      out.add(e);
    }
    String s = String.join("/", out);
    if (rooted) {
      return "/" + s;
    }
    return s.isEmpty() ? "." : s;
  }

  /** {@code path.Dir} for a clean relative path: {@code "."} when there is no slash. */
  static String dir(String p) {
    int i = p.lastIndexOf('/');
    return i < 0 ? "." : p.substring(0, i);
  }

  static String base(String p) {
    return p.substring(p.lastIndexOf('/') + 1);
  }
}
