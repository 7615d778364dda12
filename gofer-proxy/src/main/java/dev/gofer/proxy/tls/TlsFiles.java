package dev.gofer.proxy.tls;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS from a certificate file and a key file (PEM): the Jetty {@link SslContextFactory.Server}
 * that serves them, and {@link #reload} to pick up renewed files without a restart (gofer serve
 * calls it on SIGHUP). A reload that fails leaves the current certificate in service.
 */
public final class TlsFiles {
  private final Path certificate;
  private final Path key;
  private final SslContextFactory.Server factory;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile PemKeyStore.Loaded current;

  private TlsFiles(Path certificate, Path key, PemKeyStore.Loaded loaded) {
    this.certificate = certificate;
    this.key = key;
    this.current = loaded;
    this.factory = new SslContextFactory.Server();
    configure(factory, loaded);
  }

  /**
   * Loads the files.
   *
   * @throws TlsException if they cannot be used
   */
  public static TlsFiles load(Path certificate, Path key) {
    return new TlsFiles(certificate, key, PemKeyStore.load(certificate, key));
  }

  private static void configure(SslContextFactory factory, PemKeyStore.Loaded loaded) {
    factory.setKeyStore(loaded.keyStore());
    factory.setKeyStorePassword(loaded.password());
    factory.setKeyManagerPassword(loaded.password());
    factory.setCertAlias(PemKeyStore.ALIAS);
  }

  /** The factory to give the server connector. */
  public SslContextFactory.Server sslContextFactory() {
    return factory;
  }

  /** The certificate in service. */
  public PemKeyStore.Loaded current() {
    return current;
  }

  /**
   * Reads the files again and, if they are usable, serves them to new connections.
   *
   * @throws TlsException if they are not usable (the current ones stay in service)
   * @throws Exception if Jetty cannot restart its SSL context
   */
  public PemKeyStore.Loaded reload() throws Exception {
    lock.lock();
    try {
      PemKeyStore.Loaded loaded = PemKeyStore.load(certificate, key);
      factory.reload(f -> configure(f, loaded));
      current = loaded;
      return loaded;
    } finally {
      lock.unlock();
    }
  }
}
