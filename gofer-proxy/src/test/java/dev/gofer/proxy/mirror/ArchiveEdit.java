package dev.gofer.proxy.mirror;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An archive read into memory (test archives are small) to be altered and written again, with
 * its manifest left as it was or made to agree with the new content, as a careful attacker would.
 */
final class ArchiveEdit {
  final Map<String, byte[]> entries = new LinkedHashMap<>();

  static ArchiveEdit read(Path archive) throws IOException {
    ArchiveEdit e = new ArchiveEdit();
    try (InputStream in = Files.newInputStream(archive);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry z; (z = zip.getNextEntry()) != null; ) {
        e.entries.put(z.getName(), zip.readAllBytes());
      }
    }
    return e;
  }

  byte[] get(String name) {
    byte[] b = entries.get(name);
    if (b == null) {
      throw new IllegalArgumentException("no entry " + name + " in " + entries.keySet());
    }
    return b;
  }

  ArchiveEdit put(String name, byte[] data) {
    entries.put(name, data);
    return this;
  }

  ArchiveEdit remove(Predicate<String> which) {
    entries.keySet().removeIf(which);
    return this;
  }

  /** Flips one bit in the middle of an entry. */
  ArchiveEdit flip(String name) {
    byte[] b = get(name).clone();
    b[b.length / 2] ^= 1;
    return put(name, b);
  }

  /** Rewrites the manifest so that its entries and heads agree with the content. */
  ArchiveEdit fixManifest() {
    Manifest m = Manifest.parse(get(Manifest.NAME));
    List<Manifest.Entry> list = new ArrayList<>();
    entries.forEach((name, data) -> {
      if (!name.equals(Manifest.NAME)) {
        list.add(new Manifest.Entry(name, data.length, sha256(data)));
      }
    });
    List<Manifest.Database> dbs = new ArrayList<>();
    for (Manifest.Database d : m.databases()) {
      byte[] head = entries.get(ArchiveEntry.STATE_SUMDB + d.name() + "/latest");
      dbs.add(new Manifest.Database(d.name(), d.treeSize(), head == null ? d.latest() : new String(head, StandardCharsets.UTF_8), d.lookups(), d.tiles()));
    }
    return put(Manifest.NAME, new Manifest(m.format(), m.created(), dbs, m.modules(), list).toJson());
  }

  void write(Path archive) throws IOException {
    try (OutputStream out = Files.newOutputStream(archive);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
