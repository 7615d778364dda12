package dev.gofer.host.doctor;

/**
 * One doctor check: reads facts through the {@link Context} and returns one finding. A check
 * never throws for bad host data: an unreadable or malformed file becomes a {@link Level#SKIP}
 * finding naming the file and the reason.
 */
public interface Check {
  /** The stable id, e.g. {@code kernel.swappiness}; used by {@code --skip} and in reports. */
  String id();

  /** Runs the check. */
  Finding run(Context context);
}
