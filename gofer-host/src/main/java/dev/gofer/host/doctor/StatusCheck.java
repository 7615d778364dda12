package dev.gofer.host.doctor;

import dev.gofer.host.HostRoot;
import dev.gofer.host.Readout;
import dev.gofer.host.process.ProcStatus;
import java.util.Optional;

/**
 * A check of this process's {@code /proc/self/status} ({@code process.seccomp},
 * {@code process.no-new-privs}, {@code process.capabilities}): {@link #run} reads and parses the
 * file once, or skips naming why it could not be read, and hands the parsed status to
 * {@link #judge}.
 */
abstract class StatusCheck implements Check {
  static final String PATH = "/proc/self/status";

  @Override
  public final Finding run(Context context) {
    Readout r = context.host().read(PATH);
    Optional<String> text = r.text();
    if (text.isEmpty()) {
      return Finding.skip(id(), r.problem());
    }
    return judge(context, ProcStatus.parse(text.get()));
  }

  /** The finding for a status that could be read. */
  abstract Finding judge(Context context, ProcStatus status);

  /** A skip for a field the kernel did not print or printed malformed. */
  final Finding missingField(String field) {
    return Finding.skip(id(), PATH + ": no well-formed " + field + " line (older kernel?)");
  }

  /** The parsed status, for checks that only consult a field of it; empty when unreadable. */
  static Optional<ProcStatus> read(HostRoot host) {
    return host.read(PATH).text().map(ProcStatus::parse);
  }
}
