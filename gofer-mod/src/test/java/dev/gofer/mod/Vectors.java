package dev.gofer.mod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Loads the upstream test vectors from {@code src/test/resources/vectors} (see its README). */
public final class Vectors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

  private Vectors() {}

  /** The vector file {@code name} (without {@code .json}), for example {@code "semver"}. */
  public static JsonNode load(String name) {
    return CACHE.computeIfAbsent(name, Vectors::read);
  }

  /** Decodes a lower-case hex field (the vectors' {@code *_hex} fields). */
  public static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static JsonNode read(String name) {
    String resource = "/vectors/" + name + ".json";
    try (InputStream in = Vectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test vector file " + resource);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
