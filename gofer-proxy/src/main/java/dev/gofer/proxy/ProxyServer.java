package dev.gofer.proxy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 on virtual threads: one connector (HTTP, or HTTPS when given an SSL context), one
 * handler. Request handlers may block; each request runs on its own virtual thread.
 */
public final class ProxyServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final boolean tls;

  private ProxyServer(Server server, ServerConnector connector, boolean tls) {
    this.server = server;
    this.connector = connector;
    this.tls = tls;
  }

  /**
   * Starts serving {@code handler} on {@code address} (port 0 picks a free port); {@code ssl} is
   * {@code null} for plain HTTP.
   */
  public static ProxyServer start(InetSocketAddress address, Handler handler, SslContextFactory.Server ssl)
      throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("gofer-http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    http.setUriCompliance(UriCompliance.DEFAULT);
    http.setHttpCompliance(HttpCompliance.RFC9110);
    http.setRequestHeaderSize(16 * 1024);
    http.setOutputBufferSize(64 * 1024);

    // Warm small files are answered on the selector threads themselves (ProxyHandler's hot
    // path): one selector per core lets them use every core, as nginx's one worker per core does.
    int selectors = Runtime.getRuntime().availableProcessors();
    ServerConnector connector;
    if (ssl != null) {
      http.addCustomizer(new SecureRequestCustomizer());
      connector =
          new ServerConnector(
              server,
              1,
              selectors,
              new SslConnectionFactory(ssl, "http/1.1"),
              new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, 1, selectors, new HttpConnectionFactory(http));
    }
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(60_000);
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    // GracefulHandler makes stop() wait (up to the stop timeout) for requests under way.
    server.setHandler(new GracefulHandler(handler));
    server.setStopTimeout(5_000);
    try {
      server.start();
    } catch (Exception e) {
      // A failed start (the port is taken) leaves threads running: stop them, then report.
      try {
        server.stop();
      } catch (Exception stopping) {
        e.addSuppressed(stopping);
      }
      throw e;
    }
    return new ProxyServer(server, connector, ssl != null);
  }

  /** The port actually bound. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://host:port} (or https) of this server. */
  public URI uri() {
    String host = connector.getHost() == null || connector.getHost().isEmpty() ? "127.0.0.1" : connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create((tls ? "https" : "http") + "://" + host + ":" + port());
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops accepting connections, lets requests under way finish (up to 5 s), and stops. */
  @Override
  public void close() throws Exception {
    server.stop();
  }
}
