package dev.gofer.proxy.mirror;

import dev.gofer.mod.ModException;
import dev.gofer.mod.sumdb.Client;
import dev.gofer.mod.sumdb.ClientStore;
import dev.gofer.mod.sumdb.SumdbRemote;
import dev.gofer.proxy.http.Answer;
import dev.gofer.proxy.http.SumdbFront;
import dev.gofer.proxy.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Makes a store's checksum-database data self-sufficient for the versions it holds: proves every
 * stored lookup again against the store's latest tree head, with a fresh {@link Client} over the
 * store (Go's layout), so that every tile such a proof needs, and the proof that the lookup's own
 * head is a prefix of the latest, ends up stored. A store sealed this way verifies offline, and
 * {@code mirror export} copies all of it.
 *
 * <p>Lookups are proven against the newest head; a lookup fetched when the tree was smaller
 * carries an older head, whose consistency with the newest needs tiles nobody fetched yet. That
 * is why syncing alone is not enough.
 */
public final class SumdbSeal {
  private final Client client;
  private final SumdbRemote remote;

  /**
   * A seal of database {@code verifierKey}'s data in {@code store}, fetching missing tiles
   * through {@code remote} (which must verify, or be verified by the client, as every read is).
   */
  public SumdbSeal(String verifierKey, int tileHeight, Store store, SumdbRemote remote) {
    this.remote = remote;
    this.client =
        Client.builder(verifierKey, remote, ClientStore.inDirectories(store.state().resolve("sumdb"), store.download()))
            .tileHeight(tileHeight)
            .build();
  }

  /**
   * A remote that reads {@code /latest}, {@code /lookup/...} and {@code /tile/...} of database
   * {@code name} through a checksum-database front (the verifying mirror), so that tiles it
   * stores are the ones this seal needed.
   */
  public static SumdbRemote through(SumdbFront front, String name) {
    return path -> {
      Answer a = front.answer(name + path);
      return switch (a) {
        case Answer.Bytes b -> b.body();
        case Answer.File f -> Files.readAllBytes(f.file());
        case Answer.Open o -> {
          try {
            yield o.file().readAllBytes();
          } finally {
            o.file().release();
          }
        }
        case Answer.Failure f -> throw new IOException(name + path + ": " + f.status() + " " + f.message());
      };
    };
  }

  /** The database name. */
  public String name() {
    return client.name();
  }

  /**
   * Moves the store's latest head forward to the remote's (proving it extends the stored one),
   * then proves each public version's stored lookup against it, storing the tiles that takes.
   *
   * @return a one-line reason per version that could not be proven, by {@code module@version}
   */
  public Map<String, String> prove(Collection<Wanted> versions) {
    Map<String, String> failed = new LinkedHashMap<>();
    try {
      client.merge(remote.read("/latest"));
    } catch (IOException e) {
      // Offline or unreachable: prove against the head the store has.
    } catch (ModException | UncheckedIOException e) {
      for (Wanted w : versions) {
        failed.put(w.key(), "checksum database " + name() + ": latest tree head: " + SyncInputs.oneLine(e.getMessage()));
      }
      return failed;
    }
    for (Wanted w : versions) {
      try {
        client.lookupBody(w.module(), w.version());
      } catch (ModException | UncheckedIOException e) {
        failed.put(w.key(), "checksum database " + name() + ": proving the record against the latest tree head: " + SyncInputs.oneLine(e.getMessage()));
      }
    }
    return failed;
  }
}
