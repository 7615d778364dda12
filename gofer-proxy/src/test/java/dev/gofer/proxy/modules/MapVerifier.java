package dev.gofer.proxy.modules;

import dev.gofer.mod.testing.FixtureModules;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A checksum database backed by a map of go.sum lines; records every lookup. */
final class MapVerifier implements ChecksumVerifier {
  private final Map<String, List<String>> lines = new ConcurrentHashMap<>();
  private final List<String> lookups = new CopyOnWriteArrayList<>();
  private volatile RuntimeException failure;

  static MapVerifier of(List<FixtureModules.Written> written) {
    MapVerifier v = new MapVerifier();
    for (FixtureModules.Written w : written) {
      v.add(w);
    }
    return v;
  }

  void add(FixtureModules.Written w) {
    lines.put(w.module().path() + "@" + w.module().version(), List.of(w.goSumLines().split("\n")));
  }

  /** Every lookup fails with {@code e} from now on (null: answer again). */
  void failWith(RuntimeException e) {
    failure = e;
  }

  List<String> lookups() {
    return List.copyOf(lookups);
  }

  @Override
  public List<String> goSumLines(String module, String version) {
    lookups.add(module + "@" + version);
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    List<String> l = lines.get(module + "@" + version);
    if (l == null) {
      throw new NotInChecksumDatabaseException("reading lookup/" + module + "@" + version + ": 404 Not Found");
    }
    return l;
  }
}
