package dev.gofer.mod.note;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A set of known verifier keys, looked up by server name and key hash (Go's {@code note.Verifiers}). */
@FunctionalInterface
public interface Verifiers {
  /**
   * The verifier for this name and key hash.
   *
   * @throws UnknownVerifierException if no known key matches
   * @throws NoteException for any other failure, such as {@code ambiguous key <name>+<hash>}
   */
  Verifier verifier(String name, int keyHash);

  /** Go's {@code note.VerifierList}: a lookup over a fixed list. */
  static Verifiers of(Verifier... list) {
    return of(List.of(list));
  }

  /**
   * A lookup over a fixed list. A name and hash listed twice is an error when looked up ({@code
   * ambiguous key}); nobody can tell which of the two keys is meant.
   */
  static Verifiers of(List<Verifier> list) {
    Map<String, List<Verifier>> byId = new HashMap<>();
    for (Verifier v : list) {
      byId.computeIfAbsent(NoteException.keyId(v.name(), v.keyHash()), k -> new java.util.ArrayList<>()).add(v);
    }
    Map<String, List<Verifier>> frozen = Map.copyOf(byId);
    return (name, keyHash) -> {
      String id = NoteException.keyId(name, keyHash);
      List<Verifier> vs = frozen.get(id);
      if (vs == null) {
        throw new UnknownVerifierException(name, keyHash);
      }
      if (vs.size() > 1) {
        throw new NoteException("ambiguous key " + id);
      }
      return vs.get(0);
    };
  }
}
