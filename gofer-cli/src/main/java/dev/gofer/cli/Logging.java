package dev.gofer.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log lines go to stderr (logback.xml: text lines, Jetty at WARN); {@link #json} switches them
 * to one JSON object per line for machines. Only long-running commands log, so the logging
 * start-up cost stays off the fast paths.
 */
final class Logging {
  private Logging() {}

  /** Writes log lines as JSON objects from now on. */
  static void json() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return; // another SLF4J provider (tests may bring one): leave it alone
    }
    Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    if (appender instanceof OutputStreamAppender<ILoggingEvent> out) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.setWithContext(false);
      encoder.setWithMDC(false);
      encoder.setWithMessage(false);
      encoder.setWithArguments(false);
      encoder.setWithFormattedMessage(true);
      encoder.start();
      out.stop();
      out.setEncoder(encoder);
      out.start();
    }
  }
}
