package dev.gofer.proxy.mirror;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/**
 * The manifest of a mirror archive, its last entry ({@value #NAME}): what it holds and the
 * SHA-256 of every other entry, so that an import can check the archive whole before it trusts
 * any of it. The checksums guard against damage in transit; trust comes from the checksum
 * database, which import verifies independently.
 *
 * @param format {@value #FORMAT}
 * @param created when the archive was written (RFC 3339, UTC)
 * @param databases each checksum database's signed tree head and counts
 * @param modules each module version and the files it has in the archive
 * @param entries every other entry: name, size and SHA-256 (hex)
 */
public record Manifest(
    String format, String created, List<Database> databases, List<Module> modules, List<Entry> entries) {

  /** The manifest's entry name. */
  public static final String NAME = "gofer-mirror.json";

  /** The format this code writes and reads. */
  public static final String FORMAT = "gofer-mirror-archive/1";

  public Manifest {
    databases = List.copyOf(databases);
    modules = List.copyOf(modules);
    entries = List.copyOf(entries);
  }

  /**
   * One checksum database.
   *
   * @param name its name ({@code sum.golang.org})
   * @param treeSize the size of the tree the signed head names
   * @param latest the signed tree head (a signed note), as persisted by the store
   * @param lookups lookups in the archive
   * @param tiles tiles in the archive
   */
  public record Database(String name, long treeSize, String latest, int lookups, int tiles) {}

  /** A module version and its files ({@code mod}, {@code info}, {@code zip}, {@code ziphash}). */
  public record Module(String path, String version, List<String> files) {
    public Module {
      files = List.copyOf(files);
    }
  }

  /** An archive entry. */
  public record Entry(String name, long size, String sha256) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses a manifest.
   *
   * @throws IllegalArgumentException if it is not JSON of this shape or of another format
   */
  static Manifest parse(byte[] json) {
    Manifest m;
    try {
      m = JSON.readValue(json, Manifest.class);
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed manifest: " + SyncInputs.oneLine(e.getMessage()), e);
    }
    if (m == null || !FORMAT.equals(m.format())) {
      throw new IllegalArgumentException("manifest format is " + (m == null ? "missing" : m.format()) + ", want " + FORMAT);
    }
    return m;
  }
}
