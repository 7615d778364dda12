package dev.gofer.toolchain.install;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Extracts a release tarball ({@code go1.22.5.linux-amd64.tar.gz}: every entry under {@code
 * go/}) into a new directory, with the modes the tar carries. Reads ustar, PAX ({@code path},
 * {@code linkpath}, {@code size}) and GNU long names. Refuses entries that are not below {@code
 * go/} or escape it, symbolic and hard links that point outside the tree, devices and FIFOs.
 */
final class TarGz {
  private TarGz() {}

  static void extract(Path tgz, Path root, String prefix) throws IOException {
    Files.createDirectories(root);
    Path base = root.toAbsolutePath().normalize();
    Path real = base.toRealPath();
    try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
      byte[] h = new byte[512];
      String longName = null;
      String longLink = null;
      Long paxSize = null;
      while (true) {
        if (!readFull(in, h)) {
          throw new InstallException("tarball " + tgz.getFileName() + ": unexpected end of archive");
        }
        if (allZero(h)) {
          return;
        }
        char type = (char) h[156];
        long size = paxSize != null ? paxSize : number(h, 124, 12);
        paxSize = null;
        if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
          byte[] data = readData(in, size);
          if (type == 'L') {
            longName = cString(data);
          } else if (type == 'K') {
            longLink = cString(data);
          } else if (type == 'x') {
            for (String rec : pax(data)) {
              int eq = rec.indexOf('=');
              String k = rec.substring(0, eq);
              String v = rec.substring(eq + 1);
              switch (k) {
                case "path" -> longName = v;
                case "linkpath" -> longLink = v;
                case "size" -> paxSize = Long.parseLong(v);
                default -> {}
              }
            }
          }
          continue;
        }
        String name = longName != null ? longName : header(h);
        String link = longLink != null ? longLink : cString(h, 157, 100);
        longName = null;
        longLink = null;
        int mode = (int) number(h, 100, 8) & 0777;
        String rel = relative(name, prefix);
        Path dst = rel.isEmpty() ? base : base.resolve(rel).normalize();
        if (!dst.startsWith(base)) {
          throw new InstallException("tarball entry " + name + " escapes the toolchain directory");
        }
        if (!dst.equals(base)) {
          Files.createDirectories(dst.getParent());
          if (!dst.getParent().toRealPath().startsWith(real)) {
            throw new InstallException("tarball entry " + name + " lies behind a link out of the toolchain directory");
          }
        }
        switch (type) {
          case '0', '\0', '7' -> {
            try (OutputStream out = Files.newOutputStream(dst, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
              copy(in, out, size);
            }
            skipPadding(in, size);
            Files.setPosixFilePermissions(dst, perms(mode | 0600));
          }
          case '5' -> {
            Files.createDirectories(dst);
            skipData(in, size);
          }
          case '2' -> {
            Path target = dst.getParent().toRealPath().resolve(link).normalize();
            if (link.startsWith("/") || !target.startsWith(real)) {
              throw new InstallException("tarball entry " + name + " is a link to " + link + " outside the toolchain directory");
            }
            Files.createDirectories(dst.getParent());
            Files.createSymbolicLink(dst, Path.of(link));
            skipData(in, size);
          }
          case '1' -> {
            Path target = base.resolve(relative(link, prefix)).normalize();
            if (!target.startsWith(base) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
              throw new InstallException("tarball entry " + name + " is a hard link to " + link + " outside the toolchain directory");
            }
            Files.createDirectories(dst.getParent());
            Files.copy(target, dst, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            skipData(in, size);
          }
          default -> throw new InstallException("tarball entry " + name + " is a device, FIFO or unknown type '" + type + "'; refused");
        }
      }
    } catch (java.util.zip.ZipException | EOFException e) {
      throw new InstallException("tarball " + tgz.getFileName() + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** {@code name} below {@code prefix} ({@code go/}), as a clean relative path. */
  private static String relative(String name, String prefix) {
    String n = name.startsWith("./") ? name.substring(2) : name;
    if (n.equals(prefix.substring(0, prefix.length() - 1))) {
      return "";
    }
    if (!n.startsWith(prefix) || n.contains("\0")) {
      throw new InstallException("tarball entry " + name + " is not under " + prefix);
    }
    String rel = n.substring(prefix.length());
    for (String part : rel.split("/")) {
      if (part.equals("..")) {
        throw new InstallException("tarball entry " + name + " escapes the toolchain directory");
      }
    }
    if (rel.startsWith("/")) {
      throw new InstallException("tarball entry " + name + " escapes the toolchain directory");
    }
    return rel.endsWith("/") ? rel.substring(0, rel.length() - 1) : rel;
  }

  private static Set<PosixFilePermission> perms(int mode) {
    Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << i)) != 0) {
        s.add(all[i]);
      }
    }
    return s;
  }

  private static String header(byte[] h) {
    String name = cString(h, 0, 100);
    String magic = new String(h, 257, 5, StandardCharsets.US_ASCII);
    if (magic.equals("ustar")) {
      String pre = cString(h, 345, 155);
      if (!pre.isEmpty()) {
        return pre + "/" + name;
      }
    }
    return name;
  }

  private static long number(byte[] h, int off, int len) {
    if ((h[off] & 0x80) != 0) { // base-256
      long v = h[off] & 0x7f;
      for (int i = 1; i < len; i++) {
        v = (v << 8) | (h[off + i] & 0xff);
      }
      return v;
    }
    String s = cString(h, off, len).strip();
    if (s.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new InstallException("tarball header has a malformed number \"" + s + "\"");
    }
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] b) {
    return cString(b, 0, b.length);
  }

  private static java.util.List<String> pax(byte[] data) {
    java.util.List<String> out = new java.util.ArrayList<>();
    int i = 0;
    while (i < data.length) {
      int sp = i;
      while (sp < data.length && data[sp] != ' ') {
        sp++;
      }
      int len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
      if (len <= 0 || i + len > data.length) {
        throw new InstallException("tarball has a malformed PAX header");
      }
      out.add(new String(data, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8));
      i += len;
    }
    return out;
  }

  private static byte[] readData(InputStream in, long size) throws IOException {
    if (size > 1 << 20) {
      throw new InstallException("tarball has an oversized extended header");
    }
    byte[] data = new byte[(int) size];
    if (!readFull(in, data)) {
      throw new EOFException("unexpected end of archive");
    }
    skipPadding(in, size);
    return data;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new EOFException("unexpected end of archive");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static void skipData(InputStream in, long size) throws IOException {
    copy(in, OutputStream.nullOutputStream(), size);
    skipPadding(in, size);
  }

  private static void skipPadding(InputStream in, long size) throws IOException {
    int pad = (int) ((512 - size % 512) % 512);
    copy(in, OutputStream.nullOutputStream(), pad);
  }

  private static boolean readFull(InputStream in, byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        return false;
      }
      off += n;
    }
    return true;
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
