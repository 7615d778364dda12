package dev.gofer.mod.goproxy;

import dev.gofer.mod.internal.GoQuote;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A proxy's answer to {@code @v/<query>.info} or {@code @latest}: the JSON object
 * {@code {"Version": ..., "Time": ..., "Origin": {...}}} (cmd/go's {@code RevInfo}).
 *
 * <p>Decoding follows Go's {@code encoding/json} into that struct: keys match field names without
 * regard to case, a repeated key's last value wins, unknown keys are ignored, {@code null} leaves a
 * field unset, and a value of the wrong JSON type is an error. Beyond Go, {@code Version} must be
 * present and non-empty and the top level must be an object: an answer without a version is of
 * no use to anyone.
 *
 * @param version the version, as the proxy gave it
 * @param time when the version was created, if given ({@code Time}, RFC 3339)
 * @param origin where it came from, if given
 * @param json the JSON text exactly as received, to store or forward unchanged
 */
public record Info(String version, Optional<Instant> time, Optional<Origin> origin, String json) {

  /** Strict RFC 3339 as Go's {@code time.Time.UnmarshalJSON} reads it. */
  static final DateTimeFormatter RFC3339 =
      new DateTimeFormatterBuilder()
          .appendValue(ChronoField.YEAR, 4)
          .appendLiteral('-')
          .appendValue(ChronoField.MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(ChronoField.DAY_OF_MONTH, 2)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendOffset("+HH:MM", "Z")
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT)
          .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  /** Checks the components. */
  public Info {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(json, "json");
  }

  /**
   * Parses an {@code .info} body.
   *
   * @throws InvalidResponseException if it is not JSON, not an object, has a field of the wrong
   *     type, a {@code Time} that is not RFC 3339, or no {@code Version}
   */
  public static Info parse(byte[] body) {
    return parse(new String(body, StandardCharsets.UTF_8));
  }

  /** Parses an {@code .info} body given as text; see {@link #parse(byte[])}. */
  public static Info parse(String json) {
    Object root;
    try {
      root = Json.parse(json);
    } catch (Json.Malformed e) {
      throw new InvalidResponseException(e.getMessage());
    }
    if (!(root instanceof Map<?, ?> fields)) {
      throw new InvalidResponseException(
          "cannot unmarshal " + Json.typeName(root) + " into info: want an object");
    }
    String version = "";
    Instant time = null;
    Origin origin = null;
    for (Map.Entry<?, ?> e : fields.entrySet()) {
      String key = (String) e.getKey();
      Object v = e.getValue();
      if (key.equalsIgnoreCase("Version")) {
        version = string(v, "Version", version);
      } else if (key.equalsIgnoreCase("Time")) {
        time = v == Json.NULL ? time : time(v);
      } else if (key.equalsIgnoreCase("Origin")) {
        origin = v == Json.NULL ? null : origin(v, origin);
      }
    }
    if (version.isEmpty()) {
      throw new InvalidResponseException("info has no Version");
    }
    return new Info(version, Optional.ofNullable(time), Optional.ofNullable(origin), json);
  }

  private static String string(Object v, String field, String old) {
    if (v == Json.NULL) {
      return old;
    }
    if (v instanceof String s) {
      return s;
    }
    throw new InvalidResponseException(
        "cannot unmarshal " + Json.typeName(v) + " into field " + field + " of type string");
  }

  private static Instant time(Object v) {
    if (!(v instanceof String s)) {
      throw new InvalidResponseException(
          "cannot unmarshal " + Json.typeName(v) + " into field Time of type time.Time");
    }
    try {
      return OffsetDateTime.parse(s, RFC3339).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidResponseException("parsing time " + GoQuote.quote(s) + " as RFC 3339: invalid time");
    }
  }

  private static Origin origin(Object v, Origin old) {
    if (!(v instanceof Map<?, ?> m)) {
      throw new InvalidResponseException(
          "cannot unmarshal " + Json.typeName(v) + " into field Origin of type object");
    }
    // Go decodes into the existing struct, so a repeated "Origin" key merges into the first.
    String[] f =
        old == null
            ? new String[] {"", "", "", "", "", "", "", ""}
            : new String[] {
              old.vcs(), old.url(), old.subdir(), old.hash(),
              old.tagPrefix(), old.tagSum(), old.ref(), old.repoSum()
            };
    List<String> names =
        List.of("VCS", "URL", "Subdir", "Hash", "TagPrefix", "TagSum", "Ref", "RepoSum");
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = (String) e.getKey();
      for (int i = 0; i < names.size(); i++) {
        if (key.equalsIgnoreCase(names.get(i))) {
          f[i] = string(e.getValue(), "Origin." + names.get(i), f[i]);
          break;
        }
      }
    }
    return new Origin(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
  }
}
