package dev.gofer.proxy.http;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/**
 * What the response headers of a stored file say about it, encoded once: size, entity tag
 * ({@code "<size hex>-<mtime µs hex>"}), Last-Modified, Content-Type and Cache-Control.
 * {@code fileKey} (the inode, where the file system has one) tells a republished file from the
 * one that was held.
 */
record StoredFile(
    long size,
    long mtimeMicros,
    Object fileKey,
    String etag,
    HttpField etagField,
    HttpField lastModified,
    HttpField contentType,
    HttpField cacheControl,
    HttpField contentLength) {

  static StoredFile of(BasicFileAttributes attrs, String contentType, Answer.Caching caching) {
    long size = attrs.size();
    long mtime = attrs.lastModifiedTime().to(TimeUnit.MICROSECONDS);
    String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtime) + "\"";
    return new StoredFile(
        size,
        mtime,
        attrs.fileKey(),
        etag,
        new PreEncodedHttpField(HttpHeader.ETAG, etag),
        new PreEncodedHttpField(
            HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(attrs.lastModifiedTime().toMillis())),
        new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, contentType),
        new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, caching.header()),
        // The long constructor, as Jetty's own CONTENT_LENGTH_0 (an empty answer, such as
        // /sumdb/<name>/supported): Jetty's header generator then reads every pre-encoded length
        // the same way, without parsing, and C2 has no rare branch to throw its code away on.
        new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, size));
  }

  /** Whether {@code other} describes the very same file, unchanged. */
  boolean sameFile(StoredFile other) {
    return size == other.size
        && mtimeMicros == other.mtimeMicros
        && Objects.equals(fileKey, other.fileKey)
        && contentType.getValue().equals(other.contentType.getValue())
        && cacheControl.getValue().equals(other.cacheControl.getValue());
  }
}
