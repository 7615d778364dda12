package dev.gofer.mod.goproxy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Fetches from an {@code http} or {@code https} proxy base with {@link HttpClient}: a plain GET
 * with {@code User-Agent}, Basic credentials from URL user info, redirects followed (never from
 * https to http), the header and body timeouts of {@link ClientOptions}.
 */
final class HttpFetcher implements Fetcher {
  private final HttpClients http;
  private final ClientOptions options;
  private final String origin; // scheme://host[:port], no user info
  private final String basePath; // raw (escaped) path, no trailing '/'
  private final String redactedBase;
  private final String authorization; // null without user info

  HttpFetcher(HttpClients http, ClientOptions options, URI base) {
    this.http = http;
    this.options = options;
    String scheme = base.getScheme().toLowerCase(java.util.Locale.ROOT);
    String host = base.getHost();
    String hostPort = base.getPort() < 0 ? host : host + ":" + base.getPort();
    this.origin = scheme + "://" + hostPort;
    String p = base.getRawPath() == null ? "" : base.getRawPath();
    this.basePath = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    String userInfo = base.getUserInfo();
    if (userInfo == null) {
      this.authorization = null;
      this.redactedBase = origin + basePath;
    } else {
      int colon = userInfo.indexOf(':');
      String raw = base.getRawUserInfo();
      String rawUser = raw.indexOf(':') < 0 ? raw : raw.substring(0, raw.indexOf(':'));
      this.redactedBase =
          scheme + "://" + rawUser + (colon < 0 ? "" : ":xxxxx") + "@" + hostPort + basePath;
      this.authorization =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (colon < 0 ? userInfo + ":" : userInfo).getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public String redactedBase() {
    return redactedBase;
  }

  @Override
  public Body open(String rel) {
    String tail = "/" + Fetcher.pathEscape(rel);
    String url = redactedBase + tail;
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(origin + basePath + tail))
            .GET()
            .timeout(options.requestTimeout())
            .header("User-Agent", options.userAgent());
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    if (origin.startsWith("http:")) {
      req.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance on plain HTTP, as Go
    }
    HttpResponse<BodyStream> resp;
    try {
      resp = http.forPath(rel).send(req.build(), info -> new BodyStream(options.readTimeout()));
    } catch (IOException e) {
      throw new ProxyTransportException("Get \"" + url + "\": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted");
      throw new ProxyTransportException("Get \"" + url + "\": interrupted", io);
    }
    BodyStream body = resp.body();
    int code = resp.statusCode();
    if (code == 200) {
      long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
      return new Body(body, length, url);
    }
    String detail = "";
    try (body) {
      if (ErrorDetail.eligible(resp.headers().firstValue("Content-Type").orElse(null))) {
        detail = ErrorDetail.format(ErrorDetail.readPrefix(body));
      }
    }
    String message = "reading " + url + ": " + status(code);
    if (!detail.isEmpty()) {
      message += "\n\tserver response:" + (detail.indexOf('\n') >= 0 ? "\n\t" : " ") + detail;
    }
    if (code == 404 || code == 410) {
      throw new NotFoundException(message, code);
    }
    throw new ProxyStatusException(message, code);
  }

  /** A one-line reason for a transport failure; the JDK often leaves the message empty. */
  static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof HttpConnectTimeoutException) {
      return "connect timed out" + (m == null ? "" : " (" + m + ")");
    }
    if (e instanceof HttpTimeoutException) {
      return m == null ? "timed out" : m;
    }
    if (e instanceof ConnectException && (m == null || m.isBlank())) {
      return "connection refused";
    }
    if (m == null || m.isBlank()) {
      Throwable c = e.getCause();
      if (c != null && c.getMessage() != null) {
        return c.getMessage();
      }
      return e.getClass().getSimpleName();
    }
    return m.replace('\n', ' ');
  }

  /** The status line as Go shows it, {@code 404 Not Found} ({@code net/http.StatusText}). */
  static String status(int code) {
    String text =
        switch (code) {
          case 300 -> "Multiple Choices";
          case 301 -> "Moved Permanently";
          case 302 -> "Found";
          case 303 -> "See Other";
          case 304 -> "Not Modified";
          case 307 -> "Temporary Redirect";
          case 308 -> "Permanent Redirect";
          case 400 -> "Bad Request";
          case 401 -> "Unauthorized";
          case 402 -> "Payment Required";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          case 405 -> "Method Not Allowed";
          case 406 -> "Not Acceptable";
          case 407 -> "Proxy Authentication Required";
          case 408 -> "Request Timeout";
          case 409 -> "Conflict";
          case 410 -> "Gone";
          case 411 -> "Length Required";
          case 412 -> "Precondition Failed";
          case 413 -> "Request Entity Too Large";
          case 414 -> "Request URI Too Long";
          case 415 -> "Unsupported Media Type";
          case 416 -> "Requested Range Not Satisfiable";
          case 417 -> "Expectation Failed";
          case 418 -> "I'm a teapot";
          case 421 -> "Misdirected Request";
          case 422 -> "Unprocessable Entity";
          case 423 -> "Locked";
          case 424 -> "Failed Dependency";
          case 425 -> "Too Early";
          case 426 -> "Upgrade Required";
          case 428 -> "Precondition Required";
          case 429 -> "Too Many Requests";
          case 431 -> "Request Header Fields Too Large";
          case 451 -> "Unavailable For Legal Reasons";
          case 500 -> "Internal Server Error";
          case 501 -> "Not Implemented";
          case 502 -> "Bad Gateway";
          case 503 -> "Service Unavailable";
          case 504 -> "Gateway Timeout";
          case 505 -> "HTTP Version Not Supported";
          case 506 -> "Variant Also Negotiates";
          case 507 -> "Insufficient Storage";
          case 508 -> "Loop Detected";
          case 510 -> "Not Extended";
          case 511 -> "Network Authentication Required";
          default -> "";
        };
    return text.isEmpty() ? Integer.toString(code) : code + " " + text;
  }
}
