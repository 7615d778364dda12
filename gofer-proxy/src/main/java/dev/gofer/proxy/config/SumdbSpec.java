package dev.gofer.proxy.config;

/**
 * Reads a checksum database written like {@code GOSUMDB}: {@code KEY [URL]}, where KEY is a
 * verifier key {@code <name>+<hash>+<key>} or the bare name of a database whose key is built in
 * ({@code sum.golang.org}), and URL (optional) is where to reach it directly.
 */
final class SumdbSpec {
  private SumdbSpec() {}

  static Setting.SumdbEntry parse(String spec, Origin origin) {
    String[] fields = spec.strip().split("\\s+");
    if (fields.length == 0 || fields[0].isEmpty() || fields.length > 2) {
      throw new ConfigException(
          origin.invalid(spec, "want KEY [URL], e.g. 'sum.golang.org' or 'name+hash+key https://sumdb.example.com'"));
    }
    if (fields[0].equals("off")) {
      throw new ConfigException(
          origin.invalid(
              spec,
              "gofer verifies every public module against a checksum database; list modules that have none in --private instead"));
    }
    String key = fields[0].contains("+") ? fields[0] : null;
    String name = key == null ? fields[0] : null;
    String url = fields.length == 2 ? fields[1] : null;
    return new Setting.SumdbEntry(name, key, url, origin);
  }
}
