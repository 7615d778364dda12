package dev.gofer.host.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The file capabilities of an executable: the {@code security.capability} extended attribute
 * ({@code struct vfs_cap_data}/{@code vfs_ns_cap_data} in {@code include/uapi/linux/capability.h}),
 * decoded as libcap's {@code _fcaps_load} does and printed as {@code getcap} does.
 *
 * <p>Layout, every field a little-endian 32-bit word: {@code magic_etc} (revision in the top
 * byte, bit 0 the effective flag), then per 32 capabilities a permitted and an inheritable word
 * (one pair in revision 1, 12 bytes; two in revisions 2 and 3, 20 bytes), then in revision 3 the
 * {@code rootid} (24 bytes). The size must match the revision exactly.
 *
 * @param revision 1, 2 or 3
 * @param permitted the file's permitted set (fP)
 * @param inheritable the file's inheritable set (fI)
 * @param effective the effective flag (fE): at exec the new effective set is the new permitted
 *     set; libcap shows it as effective = permitted | inheritable
 * @param rootid the uid that is root in the owning user namespace (revision 3 only)
 */
public record FileCapabilities(
    int revision, Capabilities permitted, Capabilities inheritable, boolean effective, OptionalLong rootid) {
  /** The extended attribute's name. */
  public static final String XATTR = "security.capability";

  /**
   * The suffix of a side-car file holding the attribute beside a binary
   * ({@code /usr/bin/dlv.security.capability}), as raw bytes or as {@code getfattr -e hex} text;
   * used where the attribute itself cannot be read from Java (tests, fixture host trees, copies of
   * binaries from another file system).
   */
  public static final String SIDE_CAR_SUFFIX = "." + XATTR;

  private static final int REVISION_MASK = 0xFF000000;
  private static final int FLAG_EFFECTIVE = 0x000001;

  /**
   * Decodes the attribute's bytes.
   *
   * @throws IllegalArgumentException with a one-line reason: an unknown revision or a size that
   *     does not match it
   */
  public static FileCapabilities decode(byte[] xattr) {
    if (xattr.length < 4) {
      throw new IllegalArgumentException(XATTR + ": " + xattr.length + " bytes is too short");
    }
    ByteBuffer b = ByteBuffer.wrap(xattr).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.getInt();
    int revision = switch (magic & REVISION_MASK) {
      case 0x01000000 -> 1;
      case 0x02000000 -> 2;
      case 0x03000000 -> 3;
      default -> throw new IllegalArgumentException(
          XATTR + ": unknown revision 0x" + String.format("%08x", magic & REVISION_MASK));
    };
    int size = switch (revision) {
      case 1 -> 12;
      case 2 -> 20;
      default -> 24;
    };
    if (xattr.length != size) {
      throw new IllegalArgumentException(
          XATTR + ": revision " + revision + " needs " + size + " bytes, got " + xattr.length);
    }
    long p = Integer.toUnsignedLong(b.getInt());
    long i = Integer.toUnsignedLong(b.getInt());
    if (revision >= 2) {
      p |= Integer.toUnsignedLong(b.getInt()) << 32;
      i |= Integer.toUnsignedLong(b.getInt()) << 32;
    }
    OptionalLong rootid = revision == 3 ? OptionalLong.of(Integer.toUnsignedLong(b.getInt())) : OptionalLong.empty();
    return new FileCapabilities(revision, new Capabilities(p), new Capabilities(i), (magic & FLAG_EFFECTIVE) != 0, rootid);
  }

  /**
   * Decodes {@code getfattr -n security.capability -e hex} output ({@code # file: ...} comment
   * lines, then {@code security.capability=0x0100...}) or a bare hex string; blank lines, {@code
   * #} lines and white space are ignored.
   *
   * @throws IllegalArgumentException when it is not hex, or the bytes are not a valid attribute
   */
  public static FileCapabilities decodeHex(String hex) {
    StringBuilder b = new StringBuilder();
    for (String line : hex.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.indexOf('=');
      b.append(eq >= 0 ? l.substring(eq + 1) : l);
    }
    String h = b.toString().replaceAll("\\s+", "");
    if (h.startsWith("0x")) {
      h = h.substring(2);
    }
    try {
      return decode(HexFormat.of().parseHex(h));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith(XATTR) ? e.getMessage() : XATTR + ": not hex");
    }
  }

  /**
   * Decodes a side-car file's content: the raw attribute bytes, or the same as text in the form
   * {@link #decodeHex} reads (what {@code getfattr -e hex} prints). Raw attributes always start
   * with a revision byte below 0x20 in their fourth byte, so the two cannot be confused.
   */
  public static FileCapabilities decodeSideCar(byte[] content) {
    boolean text = content.length > 0;
    for (byte c : content) {
      text &= c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f);
    }
    return text ? decodeHex(new String(content, java.nio.charset.StandardCharsets.US_ASCII)) : decode(content);
  }

  /** The attribute's bytes; the inverse of {@link #decode}. */
  public byte[] encode() {
    int size = revision == 1 ? 12 : revision == 2 ? 20 : 24;
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt((revision << 24) | (effective ? FLAG_EFFECTIVE : 0));
    b.putInt((int) permitted.mask()).putInt((int) inheritable.mask());
    if (revision >= 2) {
      b.putInt((int) (permitted.mask() >>> 32)).putInt((int) (inheritable.mask() >>> 32));
    }
    if (revision == 3) {
      b.putInt((int) rootid.orElse(0));
    }
    return b.array();
  }

  /** Whether capability {@code cap} is in the file's permitted set. */
  public boolean permits(int cap) {
    return permitted.has(cap);
  }

  /** Whether the file grants any capability. */
  public boolean isEmpty() {
    return permitted.isEmpty() && inheritable.isEmpty();
  }

  /** The effective set as libcap shows it: permitted | inheritable when the flag is set. */
  public Capabilities effectiveSet() {
    return effective ? new Capabilities(permitted.mask() | inheritable.mask()) : Capabilities.NONE;
  }

  /**
   * The capabilities as libcap ≥ 2.41's {@code getcap} prints them: lower-case names sharing
   * the same flags joined by commas, then {@code =} and the flags in the order {@code e},
   * {@code i}, {@code p} ({@code cap_net_bind_service,cap_sys_ptrace=ep}); groups in the order of
   * their lowest capability; a non-zero rootid appended as {@code [rootid=N]}.
   */
  public String text() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    Capabilities e = effectiveSet();
    for (int c = 0; c < 64; c++) {
      String flags = (e.has(c) ? "e" : "") + (inheritable.has(c) ? "i" : "") + (permitted.has(c) ? "p" : "");
      if (!flags.isEmpty()) {
        groups.computeIfAbsent(flags, k -> new ArrayList<>()).add(getcapName(c));
      }
    }
    List<String> clauses = new ArrayList<>();
    groups.forEach((flags, names) -> clauses.add(String.join(",", names) + "=" + flags));
    String s = clauses.isEmpty() ? "=" : String.join(" ", clauses);
    return rootid.isPresent() && rootid.getAsLong() != 0 ? s + " [rootid=" + rootid.getAsLong() + "]" : s;
  }

  /** The line {@code getcap FILE} prints: {@code /usr/bin/dlv cap_sys_ptrace=ep}. */
  public String getcapLine(String file) {
    return file + " " + text();
  }

  private static String getcapName(int c) {
    return c <= Capabilities.LAST_KNOWN ? "cap_" + Capabilities.name(c).toLowerCase(Locale.ROOT) : Integer.toString(c);
  }

  /**
   * Parses what {@code getcap} printed after the file name, in the compact form of libcap ≥ 2.41
   * ({@code cap_net_bind_service,cap_sys_ptrace=ep}, optionally {@code [rootid=N]}) or the older
   * {@code = cap_sys_ptrace+ep}. Clauses are {@code names} followed by operators {@code =},
   * {@code +}, {@code -} each with flags from {@code eip}; empty names or {@code all} mean every
   * capability. The result is revision 2, or 3 with a non-zero rootid.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static FileCapabilities parseText(String text) {
    long[] sets = new long[3]; // e, i, p
    long rootid = 0;
    for (String clause : text.strip().split("\\s+")) {
      if (clause.isEmpty()) {
        continue;
      }
      if (clause.matches("\\[rootid=[0-9]{1,10}]")) {
        rootid = Long.parseLong(clause.substring(8, clause.length() - 1));
        continue;
      }
      int op = firstOperator(clause);
      if (op < 0) {
        throw new IllegalArgumentException("capability text clause without =, + or -: \"" + clause + "\"");
      }
      long caps = namesMask(clause.substring(0, op));
      int i = op;
      while (i < clause.length()) {
        char o = clause.charAt(i++);
        int start = i;
        while (i < clause.length() && "eip".indexOf(clause.charAt(i)) >= 0) {
          i++;
        }
        if (i < clause.length() && "=+-".indexOf(clause.charAt(i)) < 0) {
          throw new IllegalArgumentException("bad capability flag in \"" + clause + "\"");
        }
        String flags = clause.substring(start, i);
        for (int f = 0; f < 3; f++) {
          boolean named = flags.indexOf("eip".charAt(f)) >= 0;
          switch (o) {
            case '=' -> sets[f] = named ? sets[f] | caps : sets[f] & ~caps;
            case '+' -> sets[f] = named ? sets[f] | caps : sets[f];
            default -> sets[f] = named ? sets[f] & ~caps : sets[f];
          }
        }
      }
    }
    return new FileCapabilities(rootid != 0 ? 3 : 2, new Capabilities(sets[2]), new Capabilities(sets[1]),
        sets[0] != 0, rootid != 0 ? OptionalLong.of(rootid) : OptionalLong.empty());
  }

  private static int firstOperator(String s) {
    for (int i = 0; i < s.length(); i++) {
      if ("=+-".indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static long namesMask(String names) {
    if (names.isEmpty() || names.equals("all")) {
      return Capabilities.full(Capabilities.LAST_KNOWN).mask();
    }
    long m = 0;
    for (String n : names.split(",")) {
      Optional<Integer> c = Capabilities.number(n);
      if (c.isEmpty()) {
        throw new IllegalArgumentException("unknown capability \"" + n + "\"");
      }
      m |= 1L << c.get();
    }
    return m;
  }

  /** Where a file's capabilities were found. */
  public enum Source {
    /** A side-car file {@code <binary>.security.capability} with the raw attribute bytes. */
    SIDE_CAR,
    /** The attribute itself, as {@code getcap} reports it. */
    GETCAP
  }

  /**
   * The capabilities of a file and how they were learned.
   *
   * @param caps the capabilities, empty if the file has none
   * @param source where they came from
   */
  public record Found(Optional<FileCapabilities> caps, Source source) {}

  /**
   * Reads a file's capabilities: from the side-car {@code <file>.security.capability} if there is
   * one (Java cannot read {@code security.*} attributes: {@code UserDefinedFileAttributeView}
   * sees only {@code user.*}), else by running {@code getcap FILE} when it is installed (five
   * seconds at most). Empty when neither is available, i.e. unknown.
   *
   * @throws IllegalArgumentException if the side-car or getcap's output is malformed
   */
  public static Optional<Found> read(Path file) {
    Path sideCar = file.resolveSibling(file.getFileName() + SIDE_CAR_SUFFIX);
    try {
      byte[] raw = Files.readAllBytes(sideCar);
      return Optional.of(new Found(Optional.of(decodeSideCar(raw)), Source.SIDE_CAR));
    } catch (NoSuchFileException e) {
      // no side-car: ask getcap
    } catch (IOException e) {
      throw new IllegalArgumentException(sideCar + ": " + e.getMessage());
    }
    return getcap(file);
  }

  private static Optional<Found> getcap(Path file) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      Path exe = Path.of(dir, "getcap");
      if (!Files.isExecutable(exe)) {
        continue;
      }
      try {
        Process p = new ProcessBuilder(exe.toString(), file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return Optional.empty();
        }
        if (p.exitValue() != 0) {
          return Optional.empty();
        }
        String line = out.strip();
        if (line.isEmpty()) {
          return Optional.of(new Found(Optional.empty(), Source.GETCAP));
        }
        String prefix = file.toString();
        String text = line.startsWith(prefix) ? line.substring(prefix.length()) : line;
        return Optional.of(new Found(Optional.of(parseText(text)), Source.GETCAP));
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
