package dev.gofer.proxy.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second process for {@link StoreTest}: opens the store named by its argument, starts writing a
 * module file (leaves its temp file in place), prints the temp file's path, and holds the store
 * open until its standard input closes or it is killed.
 */
final class HoldStore {
  private HoldStore() {}

  public static void main(String[] args) throws IOException {
    Store store = Store.open(Path.of(args[0]));
    Path temp = store.newTemp(store.file("example.com/live", "v1.0.0", "zip"));
    Files.writeString(temp, "a download under way");
    System.out.println(temp);
    System.out.flush();
    while (System.in.read() >= 0) {
      // Hold the store open.
    }
    store.close();
  }
}
